package dev.facteur.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.store.Account;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code facteur.pop3.*} meters, recorded by a live server driven over loopback. */
class Pop3MetricsTest {
    static final String USER = "alice@example.test";
    static final String PASSWORD = "correct horse";

    @TempDir
    Path dir;
    Pop3Fixture fixture;
    Account alice;

    @BeforeEach
    void start() throws Exception {
        fixture = Pop3Fixture.start(dir);
        alice = fixture.addAccount(USER, PASSWORD);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void connectionsCommandsAndAuthenticationResultsAreCounted() throws Exception {
        fixture.deliver(alice, "Subject: one\r\n\r\nbody\r\n");
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.send("USER " + USER).expect("+OK");
            c.send("PASS wrong").expect("-ERR");
            c.login(USER, PASSWORD);
            c.send("RETR 9").expect("-ERR");
            c.send("RETR 1").expect("+OK");
            c.bodyOctets();
            c.send("QUIT").expect("+OK");
        }
        assertThat(count("facteur.pop3.connections")).isEqualTo(1);
        assertThat(count("facteur.pop3.auth", "result", "failure")).isEqualTo(1);
        assertThat(count("facteur.pop3.auth", "result", "success")).isEqualTo(1);
        assertThat(count("facteur.pop3.commands", "command", "user", "status", "ok")).isEqualTo(2);
        assertThat(count("facteur.pop3.commands", "command", "pass", "status", "err")).isEqualTo(1);
        assertThat(count("facteur.pop3.commands", "command", "pass", "status", "ok")).isEqualTo(1);
        assertThat(count("facteur.pop3.commands", "command", "retr", "status", "err")).isEqualTo(1);
        assertThat(count("facteur.pop3.commands", "command", "retr", "status", "ok")).isEqualTo(1);
        assertThat(count("facteur.pop3.commands", "command", "quit", "status", "ok")).isEqualTo(1);
    }

    private double count(String name, String... tags) {
        Counter counter = fixture.meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
