package dev.facteur.core.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** The protocol versions and cipher suites every Facteur TLS endpoint uses. */
public final class TlsPolicy {

    /** RFC 8996: TLS 1.0 and 1.1 are deprecated; RFC 8314 §4.1: TLS 1.2 or later. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * RFC 9325 §4.2: ECDHE key exchange with AEAD ciphers only. TLS 1.3 suites first; the 1.2
     * suites cover both ECDSA and RSA certificates.
     */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsPolicy() {
    }

    /**
     * Layers a server-mode {@link SSLSocket} over an accepted socket. {@code alreadyRead} are
     * octets read from the plain socket that belong to the TLS stream (implicit TLS after a PROXY
     * header); for STARTTLS pass an empty array, since what came before the handshake is
     * discarded (RFC 3207 §4.2).
     */
    public static SSLSocket serverSocket(SSLContext context, Socket plain, byte[] alreadyRead) throws IOException {
        InputStream consumed = alreadyRead.length == 0 ? null : new ByteArrayInputStream(alreadyRead);
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, consumed, true);
        configure(s, context);
        s.setUseClientMode(false);
        return s;
    }

    static void configure(SSLSocket s, SSLContext context) {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(supported(PROTOCOLS, context.getSupportedSSLParameters().getProtocols()));
        p.setCipherSuites(supported(CIPHER_SUITES, context.getSupportedSSLParameters().getCipherSuites()));
        // RFC 9325 §4.1: the server picks among the client's offers in its own order.
        p.setUseCipherSuitesOrder(true);
        s.setSSLParameters(p);
    }

    private static String[] supported(List<String> wanted, String[] available) {
        List<String> have = Arrays.asList(available);
        return wanted.stream().filter(have::contains).toArray(String[]::new);
    }
}
