package dev.facteur.smtp.client;

import java.io.InputStream;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test certificates under src/test/resources/outbound (made with keytool, see README there): a CA,
 * a server certificate it signed for {@code mx.good.test}, {@code *.good.test}, {@code localhost}
 * and 127.0.0.1, and a self-signed one for {@code mx.bad.test}.
 */
public final class TestCerts {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private TestCerts() {
    }

    /** A server context presenting the CA-signed certificate. */
    public static SSLContext goodServer() {
        return server("good.p12");
    }

    /** A server context presenting the self-signed certificate. */
    public static SSLContext selfSignedServer() {
        return server("selfsigned.p12");
    }

    /** A client context trusting only the test CA. */
    public static SSLContext trustingTestCa() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load("truststore.p12"));
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, tmf.getTrustManagers(), null);
            return c;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of the SubjectPublicKeyInfo of a keystore's server certificate: TLSA 3 1 1 data. */
    public static byte[] spkiSha256(String keystore) {
        try {
            X509Certificate cert = (X509Certificate) load(keystore).getCertificate("server");
            return MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of the CA certificate: TLSA 2 0 1 data. */
    public static byte[] caCertSha256() {
        try {
            X509Certificate cert = (X509Certificate) load("truststore.p12").getCertificate("ca");
            return MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext server(String keystore) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(keystore), PASSWORD);
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(kmf.getKeyManagers(), null, null);
            return c;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore load(String name) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = TestCerts.class.getResourceAsStream("/outbound/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /outbound/" + name);
            }
            ks.load(in, PASSWORD);
        }
        return ks;
    }
}
