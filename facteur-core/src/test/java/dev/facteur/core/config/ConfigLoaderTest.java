package dev.facteur.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String toml) throws Exception {
        Path f = dir.resolve("facteur.toml");
        Files.writeString(f, toml);
        return f;
    }

    @Test
    void defaultsMatchTheInterfaceContract() {
        FacteurConfig c = ConfigLoader.defaults();
        assertThat(c.listener(ListenerRole.SMTP).orElseThrow().address().getPort()).isEqualTo(2525);
        assertThat(c.listener(ListenerRole.SUBMISSION).orElseThrow().address().getPort()).isEqualTo(2587);
        assertThat(c.listener(ListenerRole.SUBMISSIONS).orElseThrow().address().getPort()).isEqualTo(2465);
        assertThat(c.listener(ListenerRole.IMAP).orElseThrow().address().getPort()).isEqualTo(2143);
        assertThat(c.listener(ListenerRole.IMAPS).orElseThrow().address().getPort()).isEqualTo(2993);
        assertThat(c.listener(ListenerRole.POP3).orElseThrow().address().getPort()).isEqualTo(2110);
        assertThat(c.listener(ListenerRole.POP3S).orElseThrow().address().getPort()).isEqualTo(2995);
        assertThat(c.listener(ListenerRole.HTTP).orElseThrow().address().getPort()).isEqualTo(8025);
        assertThat(c.listeners().values()).allMatch(l -> l.address().getAddress().isLoopbackAddress());
        assertThat(c.database()).isEqualTo(new DatabaseConfig.Sqlite(Path.of("data/facteur.db")));
        assertThat(c.tls().generated()).isTrue();
        assertThat(c.delivery().port()).isEqualTo(25);
        assertThat(c.delivery().lifetime()).isEqualTo(Duration.ofDays(5));
        assertThat(c.dns().servers()).isEmpty();
    }

    @Test
    void readsEverySection() throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "k");
        Path cert = Files.writeString(dir.resolve("cert.pem"), "c");
        FacteurConfig c = ConfigLoader.load(write("""
                hostname = "mail.example.com"
                data_dir = "/var/lib/facteur"
                log_level = "debug"
                [database]
                url = "jdbc:postgresql://db:5432/facteur"
                user = "facteur"
                password = "secret"
                [tls]
                certificate = "cert.pem"
                private_key = "key.pem"
                [dns]
                servers = ["127.0.0.1:5353", "[::1]"]
                timeout = "2s"
                [listeners]
                smtp = "0.0.0.0:25"
                imap = { address = "127.0.0.1:143", proxy_protocol = true }
                pop3 = false
                [limits]
                max_message_size = "10MB"
                [delivery]
                port = 2526
                """));
        assertThat(c.hostname()).isEqualTo("mail.example.com");
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/facteur"));
        assertThat(c.database()).isInstanceOf(DatabaseConfig.Postgres.class);
        assertThat(c.tls().certificate()).isEqualTo(cert);
        assertThat(c.tls().privateKey()).isEqualTo(key);
        assertThat(c.dns().servers()).hasSize(2);
        assertThat(c.dns().servers().get(0).getPort()).isEqualTo(5353);
        assertThat(c.dns().servers().get(1).getPort()).isEqualTo(53);
        assertThat(c.listener(ListenerRole.SMTP).orElseThrow().address().getPort()).isEqualTo(25);
        assertThat(c.listener(ListenerRole.IMAP).orElseThrow().proxyProtocol()).isTrue();
        assertThat(c.listener(ListenerRole.POP3)).isEmpty();
        assertThat(c.limits().maxMessageSize()).isEqualTo(10_000_000);
        assertThat(c.delivery().port()).isEqualTo(2526);
    }

    @Test
    void unknownKeysAreRefusedWithFileAndLine() throws Exception {
        Path f = write("""
                hostname = "mail.example.com"

                [listeners]
                smtp = "127.0.0.1:25"
                smpt = "127.0.0.1:26"
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":5: listeners.smpt: unknown key");
    }

    @Test
    void everyBadValueIsReportedAtOnce() throws Exception {
        Path f = write("""
                hostname = "not a host"
                [limits]
                max_recipients = 5
                idle_timeout = "forever"
                [delivery]
                port = 70000
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::key, ConfigProblem::line)
                        .containsExactlyInAnyOrder(
                                org.assertj.core.groups.Tuple.tuple("hostname", 1),
                                org.assertj.core.groups.Tuple.tuple("limits.max_recipients", 3),
                                org.assertj.core.groups.Tuple.tuple("limits.idle_timeout", 4),
                                org.assertj.core.groups.Tuple.tuple("delivery.port", 6)));
    }

    @Test
    void syntaxErrorsNameTheLine() throws Exception {
        Path f = write("a = 1\n[broken\n");
        assertThatThrownBy(() -> ConfigLoader.load(f)).hasMessageStartingWith(f + ":2: TOML syntax");
    }

    @Test
    void unreadableFileIsOneClearLine() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.toml")))
                .hasMessage(dir.resolve("missing.toml") + ": cannot read the file: no such file");
    }

    @Test
    void certificateWithoutKeyIsRefused() throws Exception {
        Files.writeString(dir.resolve("cert.pem"), "c");
        Path f = write("[tls]\ncertificate = \"cert.pem\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(f)).hasMessageContaining("tls.private_key");
    }

    @Test
    void sqliteOptionsOnlyForPostgres() throws Exception {
        Path f = write("[database]\nurl = \"sqlite:db/x.db\"\npool_size = 4\n");
        assertThatThrownBy(() -> ConfigLoader.load(f)).hasMessageContaining("database.pool_size: only applies to a PostgreSQL");
    }

    @Test
    void twoListenersOnOneAddressAreRefused() throws Exception {
        Path f = write("[listeners]\nsmtp = \"127.0.0.1:2600\"\nimap = \"127.0.0.1:2600\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(f)).hasMessageContaining("same address");
    }
}
