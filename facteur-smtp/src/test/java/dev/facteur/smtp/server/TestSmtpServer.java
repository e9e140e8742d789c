package dev.facteur.smtp.server;

import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.net.ListenerSettings;
import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.core.sasl.StoredCredential;
import dev.facteur.core.sasl.ThrottleSettings;
import dev.facteur.core.security.PasswordHasher;
import dev.facteur.core.tls.ReloadingTlsContext;
import dev.facteur.core.tls.SelfSignedCertificate;
import dev.facteur.smtp.proto.MessageBuffer;
import dev.facteur.store.AliasSource;
import dev.facteur.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A running SMTP server on loopback port 0 with all three listeners, a fresh self-signed
 * certificate and the test directory: domains example.com and example.net; alice@example.com
 * (password "alice-pw"), bob@example.com, an alias sales@ → alice and bob, a forward
 * fwd@example.com → carol@remote.test, and a catch-all for example.net → bob.
 */
final class TestSmtpServer implements AutoCloseable {
    static final PasswordHasher FAST = new PasswordHasher(new PasswordHasher.Parameters(8, 1, 1));
    static final String ALICE_PASSWORD = "alice-pw";
    static final EmailAddress ALICE = EmailAddress.parse("alice@example.com");
    static final EmailAddress BOB = EmailAddress.parse("bob@example.com");

    final Store store;
    final SmtpServer server;
    final List<java.time.Duration> sleeps = new ArrayList<>();

    TestSmtpServer(Path dir, Store store, SmtpLimits limits, ThrottleSettings throttle) throws IOException {
        this(dir, store, limits, throttle, 100);
    }

    TestSmtpServer(Path dir, Store store, SmtpLimits limits, ThrottleSettings throttle, int perIp) throws IOException {
        this(dir, store, limits, throttle, perIp, Extras.NONE);
    }

    /** What some tests add: a spool for large messages, a meter registry. */
    record Extras(Optional<MessageBuffer.Spool> spool, MeterRegistry metrics) {
        static final Extras NONE = new Extras(Optional.empty(), new CompositeMeterRegistry());
    }

    TestSmtpServer(Path dir, Store store, SmtpLimits limits, ThrottleSettings throttle, int perIp, Extras extras)
            throws IOException {
        this.store = store;
        seed(store);
        SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dir.resolve("tls"), "mx.example.com", Instant.now());
        ReloadingTlsContext tls = ReloadingTlsContext.load(pair.certificate(), pair.key(), InstantSource.system(),
                Duration.ofSeconds(5));
        SmtpServerSettings settings = new SmtpServerSettings("mx.example.com", List.of(
                new SmtpListenerSettings(ListenerSettings.loopback("smtp", false).withLimits(1000, perIp), SmtpRole.MX),
                new SmtpListenerSettings(ListenerSettings.loopback("submission", false), SmtpRole.SUBMISSION),
                new SmtpListenerSettings(ListenerSettings.loopback("submissions", true), SmtpRole.SUBMISSIONS)),
                limits, false, extras.spool());
        SmtpServices services = new SmtpServices(store, Optional.of(tls),
                new SaslAuthenticator(new StoreCredentialLookup(store.directory()), FAST, Optional.empty()),
                new AuthThrottle(throttle, InstantSource.system()), PolicyChain.EMPTY, OutboundSigner.NONE,
                InstantSource.system(), extras.metrics());
        // No resolution cache: tests change the directory between RCPTs and expect the change at once
        // (ResolutionCacheTest covers the cache with a clock it moves).
        server = new SmtpServer(settings, services, d -> {
            synchronized (sleeps) {
                sleeps.add(d);
            }
        }, Duration.ZERO);
        server.start();
    }

    static TestSmtpServer start(Path dir, Store store) throws IOException {
        return new TestSmtpServer(dir, store, SmtpLimits.defaults(), throttle());
    }

    /** Three free failures, then 1 s doubling (recorded, not slept), lockout at six. */
    static ThrottleSettings throttle() {
        return new ThrottleSettings(3, Duration.ofSeconds(1), Duration.ofSeconds(8), 6, Duration.ofMinutes(15),
                Duration.ofMinutes(15), 1000);
    }

    static void seed(Store store) {
        var d = store.directory();
        if (d.findDomain(Domain.of("example.com")).isPresent()) {
            return;
        }
        d.addDomain(Domain.of("example.com"));
        d.addDomain(Domain.of("example.net"));
        d.addAccount(ALICE, StoredCredential.fromPassword(ALICE_PASSWORD, FAST, 4096).encode());
        d.addAccount(BOB, StoredCredential.fromPassword("bob-pw", FAST, 4096).encode());
        d.addAccount(EmailAddress.parse("postmaster@example.com"), StoredCredential.fromPassword("pm", FAST, 4096).encode());
        d.addAlias(AliasSource.parse("sales@example.com"), ALICE);
        d.addAlias(AliasSource.parse("sales@example.com"), BOB);
        d.addAlias(AliasSource.parse("fwd@example.com"), EmailAddress.parse("carol@remote.test"));
        d.addAlias(AliasSource.parse("@example.net"), BOB);
    }

    InetSocketAddress mx() {
        return server.address(SmtpRole.MX);
    }

    InetSocketAddress submission() {
        return server.address(SmtpRole.SUBMISSION);
    }

    InetSocketAddress submissions() {
        return server.address(SmtpRole.SUBMISSIONS);
    }

    @Override
    public void close() {
        server.close();
    }
}
