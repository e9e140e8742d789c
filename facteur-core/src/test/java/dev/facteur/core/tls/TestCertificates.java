package dev.facteur.core.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Test helpers: a server context from a fresh self-signed pair, and a client that trusts anything. */
public final class TestCertificates {
    private TestCertificates() {
    }

    public static ReloadingTlsContext serverContext(Path dir) throws IOException {
        SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dir, "mx.test", Instant.now());
        return ReloadingTlsContext.load(pair.certificate(), pair.key(), InstantSource.system(), Duration.ZERO);
    }

    /** A client context that accepts any certificate (tests only: loopback peers we started). */
    public static SSLContext trustingClient() {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
