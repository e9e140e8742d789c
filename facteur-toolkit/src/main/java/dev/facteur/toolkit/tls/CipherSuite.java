package dev.facteur.toolkit.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A cipher suite by its IANA code and name, with how strong it is today. The table holds the
 * suites servers actually deploy, the good and the bad, so that a scan finds both.
 */
public record CipherSuite(int code, String name, Strength strength) {

    /** How a suite is judged. */
    public enum Strength {
        /** Forward secrecy and an AEAD or a sound CBC construction. */
        STRONG,
        /** No forward secrecy (static RSA, DH or ECDH key exchange): past traffic is exposed if the key leaks. */
        WEAK,
        /** Broken: no encryption, no authentication, export grade, RC4 (RFC 7465), DES/3DES/IDEA (64-bit blocks), MD5. */
        INSECURE
    }

    public CipherSuite {
        if (code < 0 || code > 0xffff || name.isBlank()) {
            throw new IllegalArgumentException("bad cipher suite " + code + " " + name);
        }
    }

    /** The five TLS 1.3 suites (RFC 8446 §B.4). */
    public static final List<CipherSuite> TLS13 = List.of(
            suite(0x1301, "TLS_AES_128_GCM_SHA256"), suite(0x1302, "TLS_AES_256_GCM_SHA384"),
            suite(0x1303, "TLS_CHACHA20_POLY1305_SHA256"), suite(0x1304, "TLS_AES_128_CCM_SHA256"),
            suite(0x1305, "TLS_AES_128_CCM_8_SHA256"));

    /** Suites of SSL 3.0 to TLS 1.2 (IANA TLS Cipher Suites registry). */
    public static final List<CipherSuite> LEGACY = legacy();

    private static List<CipherSuite> legacy() {
        Object[][] t = {
            {0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"}, {0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
            {0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"}, {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
            {0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"}, {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
            {0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"}, {0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"},
            {0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM"}, {0xC072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256"},
            {0xC073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384"}, {0xC05C, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256"},
            {0xC05D, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384"}, {0xC008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA"},
            {0xC007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA"}, {0xC006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA"},
            {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}, {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
            {0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"}, {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
            {0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"}, {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"},
            {0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"}, {0xC076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256"},
            {0xC077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384"}, {0xC060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256"},
            {0xC061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384"}, {0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"},
            {0xC011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA"}, {0xC010, "TLS_ECDHE_RSA_WITH_NULL_SHA"},
            {0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"}, {0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"},
            {0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"}, {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"},
            {0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"}, {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"},
            {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"}, {0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM"},
            {0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM"}, {0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA"},
            {0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA"}, {0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA"},
            {0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA"}, {0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA"},
            {0x00A2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256"}, {0x00A3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384"},
            {0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256"}, {0x006A, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256"},
            {0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA"}, {0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA"},
            {0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA"},
            {0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256"}, {0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384"},
            {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256"}, {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256"},
            {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"}, {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"},
            {0xC09C, "TLS_RSA_WITH_AES_128_CCM"}, {0xC09D, "TLS_RSA_WITH_AES_256_CCM"},
            {0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA"}, {0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA"},
            {0x0096, "TLS_RSA_WITH_SEED_CBC_SHA"}, {0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA"},
            {0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"}, {0x0009, "TLS_RSA_WITH_DES_CBC_SHA"},
            {0x0005, "TLS_RSA_WITH_RC4_128_SHA"}, {0x0004, "TLS_RSA_WITH_RC4_128_MD5"},
            {0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5"}, {0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5"},
            {0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA"}, {0x0001, "TLS_RSA_WITH_NULL_MD5"},
            {0x0002, "TLS_RSA_WITH_NULL_SHA"}, {0x003B, "TLS_RSA_WITH_NULL_SHA256"},
            {0xC004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA"}, {0xC005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA"},
            {0xC02D, "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256"}, {0xC00E, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA"},
            {0xC00F, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA"}, {0xC031, "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256"},
            {0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA"}, {0x003A, "TLS_DH_anon_WITH_AES_256_CBC_SHA"},
            {0x00A6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256"}, {0x0018, "TLS_DH_anon_WITH_RC4_128_MD5"},
            {0xC018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA"}, {0xC019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA"},
        };
        List<CipherSuite> out = new ArrayList<>();
        for (Object[] row : t) {
            out.add(suite((Integer) row[0], (String) row[1]));
        }
        return List.copyOf(out);
    }

    private static CipherSuite suite(int code, String name) {
        return new CipherSuite(code, name, judge(name));
    }

    /** Judges a suite by the parts of its name. */
    static Strength judge(String name) {
        String n = name.toUpperCase(java.util.Locale.ROOT);
        // RFC 7465 (RC4), RFC 8996 §5 and NIST SP 800-131A (DES, 3DES), RFC 5246 §A.5 (NULL, anon), export grade.
        if (n.contains("_NULL_") || n.endsWith("_NULL") || n.contains("_ANON_") || n.contains("EXPORT") || n.contains("_RC4_")
                || n.contains("_RC2_") || n.contains("_DES_") || n.contains("_DES40_") || n.contains("3DES") || n.contains("_IDEA_")
                || n.endsWith("_MD5")) {
            return Strength.INSECURE;
        }
        // RFC 9325 §4.1: prefer suites with forward secrecy; static RSA/DH/ECDH key exchange has none.
        if (n.startsWith("TLS_RSA_") || n.startsWith("TLS_DH_") || n.startsWith("TLS_ECDH_")) {
            return Strength.WEAK;
        }
        return Strength.STRONG;
    }

    /** The suite with this code among the known ones. */
    static Optional<CipherSuite> byCode(int code) {
        for (List<CipherSuite> l : List.of(TLS13, LEGACY)) {
            for (CipherSuite s : l) {
                if (s.code == code) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }
}
