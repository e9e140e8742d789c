package dev.facteur.pop3.server;

import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.net.ListenerSettings;
import dev.facteur.core.net.TcpListener;
import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.CredentialLookup;
import dev.facteur.core.sasl.OAuthTokenValidator;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.core.sasl.StoredCredential;
import dev.facteur.core.sasl.ThrottleSettings;
import dev.facteur.core.sasl.UserCredentials;
import dev.facteur.core.security.PasswordHasher;
import dev.facteur.core.tls.ReloadingTlsContext;
import dev.facteur.core.tls.SelfSignedCertificate;
import dev.facteur.store.Account;
import dev.facteur.store.Appended;
import dev.facteur.store.BlobId;
import dev.facteur.store.Flags;
import dev.facteur.store.Mailbox;
import dev.facteur.store.NewMessage;
import dev.facteur.store.TestClock;
import dev.facteur.store.TestStores;
import dev.facteur.store.sql.SqlStore;
import dev.facteur.testkit.TrustAllTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A real POP3 server for tests: a SQLite store in a temporary directory, the shared SASL
 * code with a cheap hasher, no throttle delays, and two loopback listeners on free ports
 * (plain with STLS, and implicit TLS).
 */
final class Pop3Fixture implements AutoCloseable {
    static final PasswordHasher FAST = new PasswordHasher(new PasswordHasher.Parameters(8, 1, 1));

    final SqlStore store;
    final TestClock clock;
    /** The in-process locks of a default fixture (unused when the fixture locks through the store). */
    final InProcessMaildropLocks locks = new InProcessMaildropLocks();
    final MaildropLocks maildropLocks;
    final Pop3Server server;
    /** Where the server records its {@code facteur.pop3.*} meters. */
    final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    private final TcpListener plain;
    private final TcpListener implicitTls;

    private Pop3Fixture(Path dir, Pop3Settings settings, Optional<ApopSecrets> apop,
                        Optional<OAuthTokenValidator> oauth) throws IOException {
        this(TestStores.sqlite(dir.resolve("store")), new TestClock(Instant.now()), Optional.empty(), settings, apop,
                oauth);
    }

    private Pop3Fixture(SqlStore store, TestClock clock, Optional<MaildropLocks> storeLocks, Pop3Settings settings,
                        Optional<ApopSecrets> apop, Optional<OAuthTokenValidator> oauth) throws IOException {
        this.store = store;
        this.clock = clock;
        this.maildropLocks = storeLocks.orElse(locks);
        SelfSignedCertificate.PemPair pair = certificate();
        ReloadingTlsContext tls = ReloadingTlsContext.load(pair.certificate(), pair.key(), clock, Duration.ZERO);
        SaslAuthenticator sasl = new SaslAuthenticator(lookup(), FAST, oauth);
        AuthThrottle throttle = new AuthThrottle(new ThrottleSettings(3, Duration.ZERO, Duration.ZERO, 50,
                Duration.ofMinutes(15), Duration.ofMinutes(15), 1000), clock);
        server = new Pop3Server(settings, new Pop3Services(sasl, throttle, store, maildropLocks, apop, clock),
                meters);
        plain = new TcpListener(ListenerSettings.loopback("pop3", false), Optional.of(tls), server);
        implicitTls = new TcpListener(ListenerSettings.loopback("pop3s", true), Optional.of(tls), server);
        plain.start();
        implicitTls.start();
    }

    private static SelfSignedCertificate.PemPair sharedCertificate;

    /** One self-signed pair per test JVM: generating a key pair per test costs more than the test. */
    private static synchronized SelfSignedCertificate.PemPair certificate() throws IOException {
        if (sharedCertificate == null) {
            Path tlsDir = java.nio.file.Files.createTempDirectory("facteur-pop3-tls");
            tlsDir.toFile().deleteOnExit();
            sharedCertificate = SelfSignedCertificate.ensure(tlsDir, "pop.test", Instant.now());
            sharedCertificate.certificate().toFile().deleteOnExit();
            sharedCertificate.key().toFile().deleteOnExit();
        }
        return sharedCertificate;
    }

    static Pop3Fixture start(Path dir) throws IOException {
        return start(dir, Pop3Settings.defaults("pop.test", true));
    }

    /**
     * A server over its own store instance on {@code storeDir} (as another process on the same
     * data directory would open it), with the given clock, locking maildrops through store leases
     * renewed only when the test calls {@link StoreMaildropLocks#renewHeld()}.
     */
    static Pop3Fixture withStoreLeases(Path storeDir, TestClock clock, Duration leaseTtl) throws IOException {
        SqlStore store = TestStores.sqlite(storeDir, clock);
        return new Pop3Fixture(store, clock,
                Optional.of(StoreMaildropLocks.withoutRenewalThread(store.leases(), leaseTtl)),
                Pop3Settings.defaults("pop.test", true), Optional.empty(), Optional.empty());
    }

    static Pop3Fixture start(Path dir, Pop3Settings settings) throws IOException {
        return new Pop3Fixture(dir, settings, Optional.empty(), Optional.empty());
    }

    static Pop3Fixture start(Path dir, Pop3Settings settings, ApopSecrets apop) throws IOException {
        return new Pop3Fixture(dir, settings, Optional.of(apop), Optional.empty());
    }

    static Pop3Fixture start(Path dir, Pop3Settings settings, OAuthTokenValidator oauth) throws IOException {
        return new Pop3Fixture(dir, settings, Optional.empty(), Optional.of(oauth));
    }

    /** Credentials as the server wiring will look them up: the account's stored credential string. */
    private CredentialLookup lookup() {
        return name -> {
            try {
                return store.directory().findAccount(EmailAddress.parse(name))
                        .map(a -> new UserCredentials(a.address().canonical(), StoredCredential.parse(a.passwordHash()),
                                a.disabled()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        };
    }

    Account addAccount(String address, String password) {
        EmailAddress a = EmailAddress.parse(address);
        if (store.directory().findDomain(a.domain()).isEmpty()) {
            store.directory().addDomain(Domain.of(a.domain().name()));
        }
        return store.directory().addAccount(a, StoredCredential.fromPassword(password, FAST, 4096).encode());
    }

    Mailbox inbox(Account account) {
        return store.mailboxes().find(account.id(), Mailbox.INBOX).orElseThrow();
    }

    Appended deliver(Account account, String message) {
        return deliver(account, message.getBytes(StandardCharsets.UTF_8));
    }

    Appended deliver(Account account, byte[] bytes) {
        try {
            BlobId blob = store.blobs().put(bytes);
            return store.mailboxes().append(inbox(account).id(),
                    new NewMessage(blob, bytes.length, clock.instant(), Flags.NONE, new byte[0], ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress plainAddress() {
        return plain.boundAddress();
    }

    InetSocketAddress tlsAddress() {
        return implicitTls.boundAddress();
    }

    Pop3TestClient connect() throws IOException {
        return Pop3TestClient.plain(plainAddress());
    }

    Pop3TestClient connectTls() throws IOException {
        return Pop3TestClient.tls(tlsAddress(), trustingClient());
    }

    /** A client context that accepts any certificate (tests only: a loopback peer we started). */
    static SSLContext trustingClient() {
        return TrustAllTls.context();
    }

    /** Stops listening without closing the store (after a test abandoned it, as a crash would). */
    void closeListeners() {
        plain.close();
        implicitTls.close();
    }

    @Override
    public void close() {
        closeListeners();
        if (maildropLocks instanceof StoreMaildropLocks s) {
            s.close();
        }
        store.close();
    }
}
