import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.net.ConnectionThreads;
import dev.facteur.core.net.ListenerSettings;
import dev.facteur.core.net.ProxyProtocol;
import dev.facteur.core.net.TcpListener;
import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.core.sasl.StoredCredential;
import dev.facteur.core.sasl.ThrottleSettings;
import dev.facteur.core.sasl.UserCredentials;
import dev.facteur.core.security.PasswordHasher;
import dev.facteur.core.tls.ReloadingTlsContext;
import dev.facteur.core.tls.SelfSignedCertificate;
import dev.facteur.pop3.server.Pop3Server;
import dev.facteur.pop3.server.Pop3Services;
import dev.facteur.pop3.server.Pop3Settings;
import dev.facteur.pop3.server.StoreMaildropLocks;
import dev.facteur.store.Account;
import dev.facteur.store.BlobId;
import dev.facteur.store.Flags;
import dev.facteur.store.Mailbox;
import dev.facteur.store.NewMessage;
import dev.facteur.store.Store;
import dev.facteur.store.StoreSettings;
import dev.facteur.store.Stores;
import dev.facteur.store.sql.SqlStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The POP3 half of {@code facteur serve}, wired exactly as facteur-server's ProtocolWiring
 * does it (SQLite store, shared SASL with the default Argon2id hasher, default throttle,
 * self-signed TLS, TcpListener with the default limits), so the benchmark does not depend on
 * the other protocol modules building. Fills the account's INBOX from a directory of .eml
 * files first, then serves until killed.
 *
 * <p>{@code java -cp CP Pop3BenchServer.java DATA_DIR ADDRESS PASSWORD EML_DIR POP3_PORT POP3S_PORT}
 * ({@code FACTEUR_POP3_THREADS=platform} in the environment serves connections on platform threads)
 */
public class Pop3BenchServer {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        EmailAddress address = EmailAddress.parse(args[1]);
        InstantSource clock = InstantSource.system();
        Files.createDirectories(data);
        Store store = Stores.open(StoreSettings.sqlite(data));
        PasswordHasher hasher = new PasswordHasher();
        if (store.directory().findAccount(address).isEmpty()) { // a data directory filled by an earlier run is reused
            store.directory().addDomain(Domain.of(address.domain().name()));
            Account account = store.directory().addAccount(address, StoredCredential.fromPassword(args[2]).encode());
            fill(store, account, Path.of(args[3]));
        }

        SaslAuthenticator sasl = new SaslAuthenticator(name -> {
            try {
                return store.directory().findAccount(EmailAddress.parse(name)).map(a -> new UserCredentials(
                        a.address().canonical(), StoredCredential.parse(a.passwordHash()), a.disabled()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }, hasher, Optional.empty());
        SelfSignedCertificate.PemPair pair = SelfSignedCertificate.ensure(data.resolve("tls"), "bench.test", Instant.now());
        ReloadingTlsContext tls = ReloadingTlsContext.load(pair.certificate(), pair.key(), clock, Duration.ofMinutes(1));
        Pop3Server pop3 = new Pop3Server(Pop3Settings.defaults("bench.test", true), new Pop3Services(sasl,
                new AuthThrottle(ThrottleSettings.defaults(), clock), store, new StoreMaildropLocks(((SqlStore) store).leases(), StoreMaildropLocks.DEFAULT_TTL),
                Optional.empty(), clock));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        // FACTEUR_POP3_THREADS=platform: serve each connection on a platform thread (the listener option)
        ConnectionThreads threads = ConnectionThreads.valueOf(
                System.getenv().getOrDefault("FACTEUR_POP3_THREADS", "virtual").toUpperCase(java.util.Locale.ROOT));
        for (int i = 4; i <= 5; i++) {
            boolean implicit = i == 5;
            new TcpListener(new ListenerSettings(implicit ? "pop3s" : "pop3",
                    new InetSocketAddress(loopback, Integer.parseInt(args[i])), implicit, 10_000, 50,
                    Duration.ofSeconds(30), ProxyProtocol.OFF, List.of(), threads), Optional.of(tls), pop3).start();
        }
        System.out.println("serving");
        Thread.currentThread().join();
    }

    private static void fill(Store store, Account account, Path emlDir) throws Exception {
        List<Path> files;
        try (var s = Files.list(emlDir)) {
            files = s.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        Mailbox inbox = store.mailboxes().find(account.id(), Mailbox.INBOX).orElseThrow();
        for (int from = 0; from < files.size(); from += 250) {
            List<byte[]> batch = new ArrayList<>();
            for (Path p : files.subList(from, Math.min(files.size(), from + 250))) {
                batch.add(Files.readAllBytes(p));
            }
            List<BlobId> ids = store.blobs().putAll(batch);
            List<Map.Entry<Long, NewMessage>> deliveries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                deliveries.add(Map.entry(inbox.id(), new NewMessage(ids.get(i), batch.get(i).length, Instant.now(),
                        Flags.NONE, new byte[0], "")));
            }
            store.mailboxes().appendAll(deliveries);
        }
        System.out.println("filled " + account.address() + " INBOX with " + files.size() + " messages");
    }
}
