package dev.facteur.toolkit.tls;

import java.util.Optional;

/** The protocol versions a scan probes, with their wire codes (RFC 8446 §4.1.2, RFC 5246 Appendix A.1). */
public enum TlsVersion {
    SSL_3_0(0x0300, "SSLv3"),
    TLS_1_0(0x0301, "TLSv1"),
    TLS_1_1(0x0302, "TLSv1.1"),
    TLS_1_2(0x0303, "TLSv1.2"),
    TLS_1_3(0x0304, "TLSv1.3");

    private final int code;
    private final String label;

    TlsVersion(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    /** The name JSSE and OpenSSL print: SSLv3, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3. */
    public String label() {
        return label;
    }

    /** RFC 8996 §2-§3 and RFC 7568 §2: SSL 3.0, TLS 1.0 and TLS 1.1 must not be used. */
    public boolean deprecated() {
        return code < TLS_1_2.code;
    }

    static Optional<TlsVersion> of(int code) {
        for (TlsVersion v : values()) {
            if (v.code == code) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
