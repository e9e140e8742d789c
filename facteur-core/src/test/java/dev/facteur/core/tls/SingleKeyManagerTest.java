package dev.facteur.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.testkit.TrustAllTls;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SingleKeyManagerTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void theGeneratedEcPairIsServedOverEachVersion(String version) throws Exception {
        SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dir, "mx.test", Instant.now());
        ReloadingTlsContext ctx = ReloadingTlsContext.load(pair.certificate(), pair.key(), InstantSource.system(),
                Duration.ofMinutes(1));
        assertThat(handshake(ctx, version)).isEqualTo(ctx.certificate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void anRsaKeyInPkcs1FormIsReadAndServed(String version) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        X500Name name = new X500Name("CN=rsa.test");
        Instant now = Instant.now();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.ONE, Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), name,
                pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        Files.writeString(certFile, pem(cert));
        String pkcs1 = pem(pair); // BouncyCastle writes a KeyPair as "RSA PRIVATE KEY" (PKCS#1)
        assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        Files.writeString(keyFile, pkcs1);

        ReloadingTlsContext ctx = ReloadingTlsContext.load(certFile, keyFile, InstantSource.system(), Duration.ZERO);
        assertThat(handshake(ctx, version)).isEqualTo(cert);
    }

    private static X509Certificate handshake(ReloadingTlsContext ctx, String version) throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) ctx.context().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write('x');
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, Thread::startVirtualThread);
            try (SSLSocket client = (SSLSocket) TrustAllTls.context().getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                client.setSoTimeout(10_000);
                client.setEnabledProtocols(new String[] {version});
                client.startHandshake();
                assertThat(client.getInputStream().read()).isEqualTo('x');
                assertThat(client.getSession().getProtocol()).isEqualTo(version);
                accepted.get(10, TimeUnit.SECONDS);
                return (X509Certificate) client.getSession().getPeerCertificates()[0];
            }
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        }
        return sw.toString();
    }

}
