package dev.facteur.smtp.client;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * RFC 7435 §1.2 opportunistic security: encrypt with any certificate, because refusing an
 * unverifiable certificate would only make the session fall back to plain text (RFC 3207 §4.1
 * lets a client accept what it cannot verify). Used only when no policy asks for authentication.
 */
final class AnyCertificateTrustManager implements X509TrustManager {

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no server certificate");
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
}
