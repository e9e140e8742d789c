import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.net.ListenerSettings;
import dev.facteur.core.net.TcpListener;
import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.core.sasl.StoredCredential;
import dev.facteur.core.sasl.ThrottleSettings;
import dev.facteur.core.sasl.UserCredentials;
import dev.facteur.core.security.PasswordHasher;
import dev.facteur.imap.server.ImapServer;
import dev.facteur.imap.server.ImapServerSettings;
import dev.facteur.store.Store;
import dev.facteur.store.StoreSettings;
import dev.facteur.store.Stores;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Runs Facteur's IMAP server alone for load scripts: {@code java ImapBenchServer.java DATA_DIR PORT USER PASSWORD}.
 * SQLite store under DATA_DIR (PostgreSQL when FACTEUR_BENCH_PG_URL is set), plain IMAP on 127.0.0.1:PORT with passwords allowed on loopback.
 */
public class ImapBenchServer {
    private static String param(String url, String name) {
        for (String kv : url.substring(url.indexOf('?') + 1).split("&")) {
            if (kv.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(kv.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        EmailAddress user = EmailAddress.parse(args[2]);
        String pg = System.getenv().getOrDefault("FACTEUR_BENCH_PG_URL", "");
        // PostgreSQL when FACTEUR_BENCH_PG_URL is a jdbc:postgresql URL carrying user and password, else SQLite.
        Store store = Stores.open(pg.isEmpty() ? StoreSettings.sqlite(data) : StoreSettings.postgres(data, pg, param(pg, "user"), param(pg, "password")),
                InstantSource.system());
        PasswordHasher hasher = new PasswordHasher();
        if (store.directory().findAccount(user).isEmpty()) {
            if (store.directory().findDomain(user.domain()).isEmpty()) {
                store.directory().addDomain(user.domain());
            }
            // FACTEUR_BENCH_CHEAP_HASH=1: a cheap Argon2id for load scripts that log in thousands of times
            // (idle-memory.sh); the default hash is what a real account gets.
            StoredCredential credential = "1".equals(System.getenv("FACTEUR_BENCH_CHEAP_HASH"))
                    ? StoredCredential.fromPassword(args[3], new PasswordHasher(new PasswordHasher.Parameters(64, 1, 1)), 4096)
                    : StoredCredential.fromPassword(args[3]);
            store.directory().addAccount(user, credential.encode());
        }
        SaslAuthenticator sasl = new SaslAuthenticator(name -> {
            try {
                return store.directory().findAccount(EmailAddress.parse(name)).map(a -> new UserCredentials(
                        a.address().canonical(), StoredCredential.parse(a.passwordHash()), a.disabled()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }, hasher, Optional.empty());
        AuthThrottle throttle = new AuthThrottle(ThrottleSettings.defaults(), InstantSource.system());
        ImapServer imap = new ImapServer(ImapServerSettings.defaults("bench.test").withPlaintextOnLoopback(true),
                store, sasl, throttle, InstantSource.system());
        ListenerSettings settings = new ListenerSettings("imap", new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                false, 20_000, 20_000, Duration.ofSeconds(30), dev.facteur.core.net.ProxyProtocol.OFF, List.of());
        TcpListener listener = new TcpListener(settings, Optional.empty(), imap);
        listener.start();
        System.out.println("READY " + listener.boundAddress().getPort());
        Thread.currentThread().join();
    }
}
