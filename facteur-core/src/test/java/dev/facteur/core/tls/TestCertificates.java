package dev.facteur.core.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** Test helper: a server context from a fresh self-signed pair (clients: {@code dev.facteur.testkit.TrustAllTls}). */
public final class TestCertificates {
    private TestCertificates() {
    }

    public static ReloadingTlsContext serverContext(Path dir) throws IOException {
        SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dir, "mx.test", Instant.now());
        return ReloadingTlsContext.load(pair.certificate(), pair.key(), InstantSource.system(), Duration.ZERO);
    }
}
