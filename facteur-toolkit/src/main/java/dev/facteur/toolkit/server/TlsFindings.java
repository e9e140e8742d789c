package dev.facteur.toolkit.server;

import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Printable;
import dev.facteur.toolkit.tls.CipherSuite;
import dev.facteur.toolkit.tls.TlsScan;
import dev.facteur.toolkit.tls.TlsVersion;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The findings of one port's TLS enumeration: versions, deprecated versions, weak and insecure suites. */
final class TlsFindings {

    private TlsFindings() {
    }

    static void report(String area, int port, TlsScan scan, Consumer<Finding> out) {
        if (!scan.offers().isEmpty()) {
            StringBuilder b = new StringBuilder();
            for (TlsScan.Offer o : scan.offers()) {
                b.append(b.isEmpty() ? "" : ", ").append(o.version().label()).append(" (").append(o.suites().size()).append(o.suites().size() == 1 ? " suite)" : " suites)");
            }
            out.accept(Finding.ok(area, "tls-versions", "Port " + port + " accepts " + b + "."));
        }
        List<String> old = scan.versions().stream().filter(TlsVersion::deprecated).map(TlsVersion::label).toList();
        if (!old.isEmpty()) {
            // RFC 8996 §2-§3 (TLS 1.0, 1.1) and RFC 7568 §2 (SSL 3.0): must not be negotiated.
            out.accept(Finding.error(area, "tls-outdated", "Port " + port + " still accepts " + String.join(", ", old)
                    + ", which RFC 8996 deprecates: a downgrade exposes clients to attacks on these versions.",
                    "Accept TLS 1.2 and 1.3 only (Postfix: smtpd_tls_protocols = >=TLSv1.2; Dovecot: ssl_min_protocol = TLSv1.2)."));
        }
        List<String> insecure = scan.suites(CipherSuite.Strength.INSECURE);
        if (!insecure.isEmpty()) {
            // RFC 7465 (RC4), RFC 9325 §4.1 (NULL, anonymous, export, 64-bit block ciphers).
            out.accept(Finding.error(area, "tls-insecure-cipher", "Port " + port + " accepts broken cipher suites: " + String.join(", ", insecure) + ".",
                    "Remove NULL, anonymous, export, RC4, DES, 3DES, IDEA and MD5 suites from the server's cipher list."));
        }
        List<String> weak = scan.suites(CipherSuite.Strength.WEAK);
        if (!weak.isEmpty()) {
            // RFC 9325 §4.1: suites without forward secrecy should not be offered.
            out.accept(Finding.warn(area, "tls-weak-cipher", "Port " + port + " accepts cipher suites without forward secrecy: " + String.join(", ", weak)
                    + "; recorded traffic can be decrypted if the server's key ever leaks.",
                    "Offer only ECDHE or DHE suites with AES-GCM or ChaCha20-Poly1305 (and TLS 1.3)."));
        }
        if (!scan.complete()) {
            out.accept(Finding.warn(area, "tls-scan-incomplete", "The enumeration of TLS versions and suites on port " + port + " is incomplete: "
                    + Printable.of(String.join("; ", scan.problems()), 300) + ".", "Run the check again, or with a longer --timeout."));
        }
    }

    /** The finding for a port where no TLS 1.2 or 1.3 handshake succeeded, explained by the enumeration when it ran. */
    static Finding handshakeFailed(String area, int port, String error, Optional<TlsScan> scan) {
        String why = Printable.of(error, 100);
        List<TlsVersion> versions = scan.map(TlsScan::versions).orElse(List.of());
        String explanation;
        if (!versions.isEmpty() && versions.stream().allMatch(TlsVersion::deprecated)) {
            explanation = "The TLS handshake on port " + port + " failed with TLS 1.2 and 1.3 (" + why + "): the port accepts only "
                    + String.join(", ", versions.stream().map(TlsVersion::label).toList()) + ", which current clients refuse (RFC 8996).";
        } else if (!versions.isEmpty()) {
            explanation = "The TLS handshake on port " + port + " failed (" + why + ") although the port accepts "
                    + String.join(", ", versions.stream().map(TlsVersion::label).toList()) + ": its certificate or suites do not suit current clients.";
        } else {
            explanation = "The TLS handshake on port " + port + " failed with TLS 1.2 and 1.3 (" + why + "), so current clients cannot connect.";
        }
        return Finding.error(area, "tls-handshake-failed", explanation, "Enable TLS 1.2 and 1.3 on the server with a valid certificate.");
    }
}
