package dev.facteur.toolkit.check;

import dev.facteur.smtp.client.EhloCapabilities;
import dev.facteur.smtp.client.SmtpClient;
import dev.facteur.smtp.client.SmtpClientException;
import dev.facteur.smtp.client.SmtpClientSettings;
import dev.facteur.smtp.client.SmtpReply;
import dev.facteur.smtp.client.TlsPolicy;
import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Printable;
import dev.facteur.toolkit.report.Severity;
import dev.facteur.toolkit.tls.TlsFindings;
import dev.facteur.toolkit.tls.TlsScan;
import dev.facteur.toolkit.tls.TlsScanner;
import dev.facteur.toolkit.tls.TlsVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509TrustManager;

/**
 * A live probe of an MX host on port 25: banner, EHLO extensions, STARTTLS, TLS version and
 * certificate; then, where the MX accepts STARTTLS, an enumeration of the TLS versions and suites it
 * accepts (bounded in connections and time), which also explains a failed handshake.
 */
final class SmtpProbe {

    private static final String AREA = "smtp";
    /** The enumeration of one MX: at most this many connections, within this many step timeouts. */
    private static final int MAX_SCAN_CONNECTIONS = 24;
    private static final int SCAN_TIMEOUTS = 3;

    /** What the dialogue learnt that the enumeration needs: STARTTLS accepted, the version, the handshake error. */
    private static final class Outcome {
        volatile boolean startTlsAccepted;
        volatile String negotiated = "";
        volatile String tlsError = "";
    }

    private final int port;
    private final Duration timeout;
    private final String heloName;
    private final InstantSource clock;
    private final X509TrustManager trust;

    /** @param trust the roots that judge the MX certificate (the system's; tests give their own) */
    SmtpProbe(int port, Duration timeout, String heloName, InstantSource clock, X509TrustManager trust) {
        this.port = port;
        this.timeout = timeout;
        this.heloName = heloName;
        this.clock = clock;
        this.trust = trust;
    }

    /**
     * Probes on a virtual thread bounded by four times the timeout in all: interrupting a virtual
     * thread blocked on a socket closes it, so a server trickling bytes cannot hold the check.
     */
    void probe(String host, InetAddress address, Consumer<Finding> out) {
        List<Finding> found = java.util.Collections.synchronizedList(new ArrayList<>());
        Outcome outcome = new Outcome();
        Thread t = Thread.ofVirtual().name("smtp-probe-" + host).start(() -> probeNow(host, address, outcome, found::add));
        try {
            if (t.join(timeout.multipliedBy(4))) {
                tlsScan(host, address, outcome, found::add);
            } else {
                t.interrupt();
                t.join(timeout);
                found.removeIf(f -> f.code().equals("smtp-protocol-error"));
                found.add(Finding.error(AREA, "smtp-timeout", host + " (" + address.getHostAddress() + ":" + port + ") did not finish the SMTP dialogue in "
                        + timeout.multipliedBy(4).toSeconds() + " s (a tarpit or a trickling server).", "Check the server's load and any SMTP proxy in front of it."));
            }
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
        }
        synchronized (found) {
            found.forEach(out);
        }
    }

    /**
     * Where the MX accepted STARTTLS: the versions and suites it accepts (RFC 8996, RFC 7465, RFC
     * 9325 §4.1), and for a failed handshake the error explained by them.
     */
    private void tlsScan(String host, InetAddress address, Outcome outcome, Consumer<Finding> out) {
        if (!outcome.startTlsAccepted) {
            return;
        }
        String where = host + " (" + address.getHostAddress() + ":" + port + ")";
        TlsScan scan = new TlsScanner(timeout.multipliedBy(SCAN_TIMEOUTS), MAX_SCAN_CONNECTIONS)
                .scan(new StartTlsOpener(new InetSocketAddress(address, port), timeout, heloName), host);
        TlsFindings.report(AREA, where, scan, out);
        boolean deprecatedNamed = scan.versions().stream().anyMatch(TlsVersion::deprecated);
        String p = outcome.negotiated;
        if (!deprecatedNamed && (p.equals("TLSv1") || p.equals("TLSv1.1") || p.startsWith("SSL"))) {
            // RFC 8996: TLS 1.0 and 1.1 are deprecated (the enumeration did not get as far as naming it).
            out.accept(Finding.error(AREA, "tls-outdated", where + " negotiated " + p + ", which RFC 8996 deprecates.",
                    "Enable TLS 1.2 and 1.3 and disable older versions."));
        }
        if (!outcome.tlsError.isEmpty()) {
            out.accept(handshakeFailed(where, outcome.tlsError, scan.versions()));
        }
    }

    private static Finding handshakeFailed(String where, String error, List<TlsVersion> versions) {
        String why = Printable.of(error, 120);
        String accepts = String.join(", ", versions.stream().map(TlsVersion::label).toList());
        String text;
        if (!versions.isEmpty() && versions.stream().allMatch(TlsVersion::deprecated)) {
            // RFC 8996 §2-§3: current senders refuse TLS 1.0 and 1.1, so they fall back to clear text or defer.
            text = "The TLS handshake with " + where + " failed (" + why + "): it accepts only " + accepts
                    + ", which RFC 8996 deprecates and current senders refuse.";
        } else if (!versions.isEmpty()) {
            text = "The TLS handshake with " + where + " failed (" + why + ") although it accepts " + accepts + ": its certificate or suites do not suit current senders.";
        } else {
            text = "The TLS handshake with " + where + " failed (" + why + ").";
        }
        return Finding.error(AREA, "smtp-tls-failed", text, "Offer TLS 1.2 or 1.3 with a certificate and key that match.");
    }

    private void probeNow(String host, InetAddress address, Outcome outcome, Consumer<Finding> out) {
        String where = host + " (" + address.getHostAddress() + ":" + port + ")";
        try (SmtpClient c = SmtpClient.connect(new InetSocketAddress(address, port), SmtpClientSettings.uniform(timeout))) {
            SmtpReply banner = c.greeting();
            if (!banner.isPositive()) {
                out.accept(Finding.error(AREA, "smtp-banner-refused", where + " greets with " + banner.summary() + " instead of 220, so it takes no mail now.",
                        "Check the server's connection limits and block lists for the sender's address."));
                return;
            }
            out.accept(Finding.ok(AREA, "smtp-banner", where + " answers: " + Printable.of(banner.summary(), 200)));
            SmtpReply ehlo = c.ehlo(heloName);
            if (!ehlo.isPositive()) {
                out.accept(Finding.warn(AREA, "smtp-no-ehlo", where + " refuses EHLO (" + ehlo.summary() + "), so it offers no extensions, not even STARTTLS.",
                        "Enable ESMTP on the server."));
                return;
            }
            EhloCapabilities caps = c.capabilities();
            out.accept(Finding.ok(AREA, "smtp-ehlo", where + " offers: " + String.join(", ", ehlo.lines().subList(1, ehlo.lines().size()).stream().map(l -> Printable.of(l, 60)).limit(30).toList()) + "."));
            if (!caps.startTls()) {
                out.accept(Finding.error(AREA, "smtp-no-starttls", where + " does not offer STARTTLS, so mail to it travels in clear text.",
                        "Configure a certificate and enable STARTTLS (RFC 3207) on port 25."));
                return;
            }
            outcome.startTlsAccepted = true;
            SmtpReply tls = c.startTls(new TlsPolicy.Opportunistic(), host);
            if (tls.code() != 220) {
                outcome.startTlsAccepted = false;
                out.accept(Finding.error(AREA, "smtp-starttls-refused", where + " offers STARTTLS but answers it with " + tls.summary() + ".",
                        "Fix the server's TLS configuration (certificate and key readable)."));
                return;
            }
            c.tlsSession().ifPresent(session -> outcome.negotiated = session.getProtocol());
            tlsSession(where, host, c.tlsSession(), out);
            c.quit();
        } catch (SmtpClientException e) {
            if (outcome.startTlsAccepted && (e.kind() == SmtpClientException.Kind.TLS_FAILED || e.kind() == SmtpClientException.Kind.TLS_UNAVAILABLE)) {
                // Reported after the enumeration, which says what the MX does accept.
                outcome.tlsError = String.valueOf(e.getMessage());
                return;
            }
            outcome.startTlsAccepted = false;
            Finding f = switch (e.kind()) {
                case CONNECT_FAILED -> Finding.error(AREA, "smtp-unreachable", "Cannot connect to " + where + ", so senders cannot deliver to this MX.",
                        "Open port " + port + " to the Internet in the firewall and check that the server listens on " + address.getHostAddress() + ".");
                case TIMEOUT -> Finding.error(AREA, "smtp-timeout", where + " did not answer in " + timeout.toSeconds() + " s.",
                        "Check the firewall (a silent drop) and the server's load.");
                case TLS_FAILED, TLS_UNAVAILABLE -> Finding.error(AREA, "smtp-tls-failed", "The TLS handshake with " + where + " failed (" + Printable.of(String.valueOf(e.getMessage()), 120) + ").",
                        "Offer TLS 1.2 or 1.3 with a certificate and key that match.");
                case CONNECTION_LOST, PROTOCOL_ERROR, AUTH_FAILED -> Finding.error(AREA, "smtp-protocol-error", where + " broke the SMTP protocol (" + Printable.of(String.valueOf(e.getMessage()), 120) + ").",
                        "Check the server software and anything in between (a proxy or a firewall inspecting SMTP).");
            };
            out.accept(f);
        }
    }

    void tlsSession(String where, String host, Optional<SSLSession> session, Consumer<Finding> out) {
        if (session.isEmpty()) {
            return;
        }
        SSLSession s = session.get();
        String protocol = s.getProtocol();
        // A deprecated version is reported after the enumeration (RFC 8996), once.
        if (!(protocol.equals("TLSv1") || protocol.equals("TLSv1.1") || protocol.startsWith("SSL"))) {
            out.accept(Finding.ok(AREA, "tls-version", where + " negotiated " + protocol + " with " + s.getCipherSuite() + "."));
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : s.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // no certificate: reported below as an empty chain
        }
        CertificateCheck.check(AREA, host, chain, clock.instant(), Severity.WARN, trust, out);
    }
}
