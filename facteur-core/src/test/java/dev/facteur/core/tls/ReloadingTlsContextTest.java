package dev.facteur.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingTlsContextTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedPairLoadsAndTheKeyIsOwnerOnly() throws IOException {
        SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dir, "mx.test", Instant.now());
        ReloadingTlsContext ctx = ReloadingTlsContext.load(pair.certificate(), pair.key(), InstantSource.system(),
                Duration.ofSeconds(1));
        assertThat(ctx.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=mx.test");
        assertThat(Files.getPosixFilePermissions(pair.key()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void ensureKeepsAnExistingPair() throws IOException {
        SelfSignedCertificate.PemPair first = SelfSignedCertificate.ensure(dir, "mx.test", Instant.now());
        String before = Files.readString(first.certificate());
        SelfSignedCertificate.ensure(dir, "other.test", Instant.now());
        assertThat(Files.readString(first.certificate())).isEqualTo(before);
    }

    @Test
    void changedFilesAreReloadedAfterTheCheckIntervalWithoutRestart() throws IOException {
        SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dir, "old.test", Instant.now());
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        ReloadingTlsContext ctx = ReloadingTlsContext.load(pair.certificate(), pair.key(), now::get, Duration.ofSeconds(10));
        SSLContext first = ctx.context();

        byte[][] fresh = SelfSignedCertificate.generate("new.test", Instant.now(), Duration.ofDays(30));
        Files.write(pair.certificate(), fresh[0]);
        Files.write(pair.key(), fresh[1]);
        Files.setLastModifiedTime(pair.certificate(), FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(ctx.context()).isSameAs(first); // not yet time to look
        now.set(now.get().plusSeconds(11));
        assertThat(ctx.context()).isNotSameAs(first);
        assertThat(ctx.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=new.test");
    }

    @Test
    void aBrokenReplacementKeepsThePreviousContext() throws IOException {
        SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dir, "mx.test", Instant.now());
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        ReloadingTlsContext ctx = ReloadingTlsContext.load(pair.certificate(), pair.key(), now::get, Duration.ZERO);
        SSLContext first = ctx.context();
        Files.writeString(pair.key(), "garbage");
        now.set(now.get().plusSeconds(1));
        assertThat(ctx.context()).isSameAs(first);
    }

    @Test
    void aMissingKeyFailsAtStartUp() throws IOException {
        SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dir, "mx.test", Instant.now());
        Files.delete(pair.key());
        assertThatThrownBy(() -> ReloadingTlsContext.load(pair.certificate(), pair.key(), InstantSource.system(),
                Duration.ZERO)).isInstanceOf(IOException.class);
    }

    @Test
    void onlyTls12And13WithAeadSuitesAreEnabled() throws IOException {
        SSLContext ctx = TestCertificates.serverContext(dir).context();
        try (var server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             var client = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.getLocalPort());
             var plain = server.accept()) {
            var s = TlsPolicy.serverSocket(ctx, plain, new byte[0]);
            assertThat(s.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
            assertThat(s.getEnabledCipherSuites()).allSatisfy(c -> assertThat(c).matches(".*(GCM|CHACHA20).*"));
        }
    }
}
