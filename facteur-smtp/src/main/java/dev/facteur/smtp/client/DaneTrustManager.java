package dev.facteur.smtp.client;

import dev.facteur.auth.dns.DnsRecords;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.X509TrustManager;

/**
 * Accepts a server certificate chain only if it matches a usable TLSA record (RFC 6698 §2.1,
 * RFC 7672 §3.1). DANE-EE(3) matches the leaf without name or expiry checks (RFC 7672 §3.1.1);
 * DANE-TA(2) matches a certificate of the chain, which must then link to the leaf by signatures,
 * and the leaf must carry one of the reference names (RFC 7672 §3.1.2, §3.2.2). PKIX-TA(0) and
 * PKIX-EE(1) are unusable for SMTP (RFC 7672 §3.1.3).
 */
public final class DaneTrustManager implements X509TrustManager {

    /** RFC 7218 acronyms of certificate usages. */
    static final int DANE_TA = 2;
    static final int DANE_EE = 3;

    private final List<DnsRecords.Tlsa> records;
    private final Set<String> names;

    public DaneTrustManager(List<DnsRecords.Tlsa> records, Set<String> names) {
        this.records = List.copyOf(records);
        this.names = Set.copyOf(names);
    }

    /** True if at least one record has a usage, selector and matching type we can use. */
    public static boolean anyUsable(List<DnsRecords.Tlsa> records) {
        return records.stream().anyMatch(DaneTrustManager::usable);
    }

    static boolean usable(DnsRecords.Tlsa t) {
        // RFC 7672 §3.1.3: only DANE-TA(2) and DANE-EE(3); RFC 6698 §2.1.2-3: selectors 0-1, matching 0-2.
        return (t.usage() == DANE_TA || t.usage() == DANE_EE) && t.selector() <= 1 && t.matchingType() <= 2;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no server certificate");
        }
        for (DnsRecords.Tlsa t : records) {
            if (!usable(t)) {
                continue;
            }
            if (t.usage() == DANE_EE && matches(t, chain[0])) {
                return;
            }
            if (t.usage() == DANE_TA) {
                for (int i = 0; i < chain.length; i++) {
                    if (matches(t, chain[i]) && linked(chain, i) && nameMatches(chain[0])) {
                        return;
                    }
                }
            }
        }
        throw new CertificateException("certificate matches no TLSA record");
    }

    static boolean matches(DnsRecords.Tlsa t, X509Certificate cert) throws CertificateException {
        // RFC 6698 §2.1.2: selector 0 is the full certificate, 1 the SubjectPublicKeyInfo.
        byte[] selected = t.selector() == 0 ? cert.getEncoded() : cert.getPublicKey().getEncoded();
        byte[] digest = switch (t.matchingType()) {
            case 0 -> selected;
            case 1 -> digest("SHA-256", selected);
            case 2 -> digest("SHA-512", selected);
            default -> new byte[0];
        };
        return MessageDigest.isEqual(digest, t.data());
    }

    /** Each certificate below {@code anchor} is signed by the next one up. */
    private static boolean linked(X509Certificate[] chain, int anchor) {
        try {
            for (int i = 0; i < anchor; i++) {
                chain[i].verify(chain[i + 1].getPublicKey());
            }
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private boolean nameMatches(X509Certificate leaf) throws CertificateParsingException {
        Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
        if (sans == null) {
            return false;
        }
        for (List<?> san : sans) {
            if (Integer.valueOf(2).equals(san.get(0)) && san.get(1) instanceof String dns) {
                for (String name : names) {
                    if (HostnameMatch.matches(dns, name)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is always present", e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not checked here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    /** RFC 6125 §6.4.3 name matching (also RFC 8461 §4.1 MX patterns): {@code *.} covers exactly one label. */
    public static boolean hostnameMatches(String pattern, String host) {
        return HostnameMatch.matches(pattern, host);
    }

    /** RFC 6125 §6.4.3 name matching: a wildcard stands for exactly the left-most label. */
    static final class HostnameMatch {
        private HostnameMatch() {
        }

        static boolean matches(String pattern, String host) {
            String p = pattern.toLowerCase(Locale.ROOT);
            String h = host.toLowerCase(Locale.ROOT);
            if (p.endsWith(".")) {
                p = p.substring(0, p.length() - 1);
            }
            if (h.endsWith(".")) {
                h = h.substring(0, h.length() - 1);
            }
            if (p.startsWith("*.")) {
                int dot = h.indexOf('.');
                return dot > 0 && h.substring(dot + 1).equals(p.substring(2)) && p.length() > 2;
            }
            return p.equals(h) && !Arrays.asList(p.split("\\.")).contains("*");
        }
    }
}
