package dev.facteur.toolkit.check;

import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Severity;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Judges a server certificate chain: trusted by the system's roots, names the host (RFC 6125 §6.4), not expired. */
public final class CertificateCheck {

    private CertificateCheck() {
    }

    /**
     * @param untrustedSeverity how bad an untrusted chain is (a warning for MX hosts, where senders
     *     mostly encrypt opportunistically; an error for client ports)
     */
    public static void check(String area, String host, List<X509Certificate> chain, Instant now, Severity untrustedSeverity,
            Consumer<Finding> out) {
        check(area, host, chain, now, untrustedSeverity, systemTrust(), out);
    }

    /** As above, judging the chain with {@code trust} (tests give their own root). */
    public static void check(String area, String host, List<X509Certificate> chain, Instant now, Severity untrustedSeverity,
            X509TrustManager trust, Consumer<Finding> out) {
        if (chain.isEmpty()) {
            out.accept(Finding.error(area, "tls-no-certificate", host + " presented no certificate.", "Configure a certificate for " + host + "."));
            return;
        }
        X509Certificate leaf = chain.getFirst();
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (now.isAfter(notAfter) || now.isBefore(leaf.getNotBefore().toInstant())) {
            out.accept(Finding.error(area, "tls-certificate-expired", "The certificate of " + host + " is not valid now (valid " + leaf.getNotBefore().toInstant() + " to " + notAfter + "); clients refuse it.",
                    "Renew the certificate (e.g. with an ACME client) and reload the server."));
        } else if (Duration.between(now, notAfter).toDays() < 14) {
            out.accept(Finding.warn(area, "tls-certificate-expiring", "The certificate of " + host + " expires on " + notAfter + ", in less than 14 days.",
                    "Renew the certificate now; automate renewal with an ACME client."));
        } else {
            out.accept(Finding.ok(area, "tls-certificate-dates", "The certificate of " + host + " is valid until " + notAfter + "."));
        }
        if (namesHost(leaf, host)) {
            out.accept(Finding.ok(area, "tls-certificate-name", "The certificate names " + host + "."));
        } else {
            out.accept(Finding.error(area, "tls-certificate-name-mismatch", "The certificate of " + host + " does not name it (names: " + names(leaf) + "), so clients that check names refuse it.",
                    "Get a certificate whose subjectAltName includes " + host + "."));
        }
        if (trusted(chain, trust)) {
            out.accept(Finding.ok(area, "tls-chain-trusted", "The certificate chain of " + host + " (" + chain.size() + " certificate(s)) leads to a trusted root."));
        } else {
            out.accept(new Finding(area, "tls-chain-untrusted", untrustedSeverity, "The certificate chain of " + host + " does not lead to a root the system trusts (self-signed, private CA or missing intermediate).",
                    "Use a certificate from a public CA and serve the full chain (leaf then intermediates)."));
        }
    }

    /** RFC 6125 §6.4.3: dNSName match, a wildcard only as the whole leftmost label. */
    static boolean namesHost(X509Certificate cert, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String n : names(cert)) {
            String p = n.toLowerCase(Locale.ROOT);
            if (p.equals(h)) {
                return true;
            }
            if (p.startsWith("*.")) {
                int dot = h.indexOf('.');
                if (dot > 0 && h.substring(dot + 1).equals(p.substring(2))) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<String> names(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && Integer.valueOf(2).equals(san.get(0))) {
                        out.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return out;
        }
        return out;
    }

    /** The JDK's default trust store. */
    public static X509TrustManager systemTrust() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (var tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X509TrustManager in this runtime");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no trust store in this runtime", e);
        }
    }

    private static boolean trusted(List<X509Certificate> chain, X509TrustManager trust) {
        try {
            trust.checkServerTrusted(chain.toArray(X509Certificate[]::new), chain.getFirst().getPublicKey().getAlgorithm().equals("EC") ? "ECDHE_ECDSA" : "ECDHE_RSA");
            return true;
        } catch (java.security.cert.CertificateException | IllegalArgumentException e) {
            return false;
        }
    }
}
