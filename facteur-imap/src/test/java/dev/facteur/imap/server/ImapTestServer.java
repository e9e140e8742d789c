package dev.facteur.imap.server;

import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.net.ListenerSettings;
import dev.facteur.core.net.TcpListener;
import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.CredentialLookup;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.core.sasl.StoredCredential;
import dev.facteur.core.sasl.ThrottleSettings;
import dev.facteur.core.sasl.UserCredentials;
import dev.facteur.core.security.PasswordHasher;
import dev.facteur.core.tls.ReloadingTlsContext;
import dev.facteur.core.tls.SelfSignedCertificate;
import dev.facteur.store.Account;
import dev.facteur.store.Store;
import dev.facteur.store.TestStores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A live IMAP server on a loopback port over a fresh SQLite store, with accounts
 * {@code alice@example.com} and {@code bob@example.com} (password {@code secret}).
 */
final class ImapTestServer implements AutoCloseable {

    static final String PASSWORD = "secret";
    private static final PasswordHasher CHEAP = new PasswordHasher(new PasswordHasher.Parameters(64, 1, 1));

    final Store store;
    final io.micrometer.core.instrument.simple.SimpleMeterRegistry metrics =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    final Account alice;
    final Account bob;
    private final TcpListener plain;
    private final TcpListener tls;

    ImapTestServer(Path dir) throws IOException {
        this(dir, s -> s);
    }

    ImapTestServer(Path dir, UnaryOperator<ImapServerSettings> tweak) throws IOException {
        this(dir, tweak, s -> s);
    }

    /** A server whose sessions see the store through {@code wrap} (to observe their calls). */
    ImapTestServer(Path dir, UnaryOperator<ImapServerSettings> tweak, UnaryOperator<Store> wrap) throws IOException {
        this.store = TestStores.sqlite(dir.resolve("data"));
        store.directory().addDomain(Domain.of("example.com"));
        String credential = StoredCredential.fromPassword(PASSWORD, CHEAP, 4096).encode();
        this.alice = store.directory().addAccount(EmailAddress.parse("alice@example.com"), credential);
        this.bob = store.directory().addAccount(EmailAddress.parse("bob@example.com"), credential);
        CredentialLookup lookup = name -> {
            try {
                return store.directory().findAccount(EmailAddress.parse(name))
                        .map(a -> new UserCredentials(a.address().canonical(), StoredCredential.parse(a.passwordHash()), a.disabled()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        };
        SaslAuthenticator sasl = new SaslAuthenticator(lookup, CHEAP, Optional.empty());
        AuthThrottle throttle = new AuthThrottle(new ThrottleSettings(3, Duration.ZERO, Duration.ZERO, 10,
                Duration.ofMinutes(15), Duration.ofMinutes(15), 1000), InstantSource.system());
        ImapServerSettings settings = tweak.apply(ImapServerSettings.defaults("imap.test").withPlaintextOnLoopback(true));
        ImapServer server = new ImapServer(settings, wrap.apply(store), sasl, throttle, InstantSource.system(), metrics);
        SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(dir.resolve("tls"), "imap.test", Instant.now());
        ReloadingTlsContext context = ReloadingTlsContext.load(pair.certificate(), pair.key(), InstantSource.system(), Duration.ZERO);
        this.plain = new TcpListener(ListenerSettings.loopback("imap", false), Optional.of(context), server);
        this.tls = new TcpListener(ListenerSettings.loopback("imaps", true), Optional.of(context), server);
        plain.start();
        tls.start();
    }

    int port() {
        return plain.boundAddress().getPort();
    }

    int tlsPort() {
        return tls.boundAddress().getPort();
    }

    ImapTestClient connect() throws IOException {
        return new ImapTestClient("127.0.0.1", port());
    }

    /** A client already logged in as {@code user}. */
    ImapTestClient login(String user) throws IOException {
        ImapTestClient c = connect();
        c.readLine();
        c.command("LOGIN " + user + "@example.com " + PASSWORD).expectOk();
        return c;
    }

    @Override
    public void close() {
        plain.close();
        tls.close();
        store.close();
    }
}
