package dev.facteur.core.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TLS context built from a PEM certificate chain and key, rebuilt when either file changes
 * (modification time or size), checked at most once per {@code checkInterval} when a connection
 * asks for the context. No restart is needed to rotate a certificate; a broken new pair is
 * logged and the previous context stays in use.
 */
public final class ReloadingTlsContext implements TlsContextProvider {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingTlsContext.class);

    private final Path certificateFile;
    private final Path keyFile;
    private final InstantSource clock;
    private final Duration checkInterval;
    private volatile Loaded current;
    private volatile Instant nextCheck;

    private record Stamp(long certModified, long certSize, long keyModified, long keySize) {}

    private record Loaded(SSLContext context, Stamp stamp, X509Certificate leaf) {}

    private ReloadingTlsContext(Path certificateFile, Path keyFile, InstantSource clock, Duration checkInterval,
                                Loaded first) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.clock = clock;
        this.checkInterval = checkInterval;
        this.current = first;
        this.nextCheck = clock.instant().plus(checkInterval);
    }

    /** Loads the pair now (failing fast on a bad pair at start-up) and watches it afterwards. */
    public static ReloadingTlsContext load(Path certificateFile, Path keyFile, InstantSource clock,
                                           Duration checkInterval) throws IOException {
        if (checkInterval.isNegative()) {
            throw new IllegalArgumentException("checkInterval must not be negative");
        }
        return new ReloadingTlsContext(certificateFile, keyFile, clock, checkInterval,
                build(certificateFile, keyFile));
    }

    @Override
    public SSLContext context() {
        Instant now = clock.instant();
        if (!now.isBefore(nextCheck)) {
            reloadIfChanged(now);
        }
        return current.context();
    }

    /** The certificate currently served (first of the chain). */
    public X509Certificate certificate() {
        return current.leaf();
    }

    private synchronized void reloadIfChanged(Instant now) {
        if (now.isBefore(nextCheck)) {
            return;
        }
        nextCheck = now.plus(checkInterval);
        try {
            if (stamp(certificateFile, keyFile).equals(current.stamp())) {
                return;
            }
            current = build(certificateFile, keyFile);
            LOG.atInfo().addKeyValue("certificate", certificateFile)
                    .addKeyValue("subject", current.leaf().getSubjectX500Principal().getName())
                    .log("TLS certificate reloaded");
        } catch (IOException e) {
            LOG.atWarn().addKeyValue("certificate", certificateFile).addKeyValue("reason", e.getMessage())
                    .log("TLS certificate reload failed; keeping the previous one");
        }
    }

    private static Stamp stamp(Path cert, Path key) throws IOException {
        BasicFileAttributes c = Files.readAttributes(cert, BasicFileAttributes.class);
        BasicFileAttributes k = Files.readAttributes(key, BasicFileAttributes.class);
        return new Stamp(c.lastModifiedTime().toMillis(), c.size(), k.lastModifiedTime().toMillis(), k.size());
    }

    private static Loaded build(Path certFile, Path keyFile) throws IOException {
        Stamp stamp = stamp(certFile, keyFile);
        List<X509Certificate> chain = PemFiles.readCertificates(certFile);
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        try {
            if (!chain.getFirst().getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
                throw new IOException("private key in " + keyFile + " does not match the certificate");
            }
            // One key in memory: no PKCS#12 keystore, whose key entries cost a PBKDF2 run each.
            SSLContext ctx = SSLContext.getInstance("TLS");
            // No trust managers: a server context asks for no client certificates, and a null here
            // would load and parse the JDK's whole CA store at every start.
            ctx.init(new KeyManager[] {new SingleKeyManager(key, chain)}, new TrustManager[0], null);
            return new Loaded(ctx, stamp, chain.getFirst());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build a TLS context from " + certFile + ": " + e.getMessage(), e);
        }
    }
}
