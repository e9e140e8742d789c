package dev.facteur.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.store.Store;
import dev.facteur.store.TestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmtpMetricsTest {
    @TempDir
    Path dir;

    private Store store;
    private TestSmtpServer server;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws IOException {
        store = TestStores.sqlite(dir.resolve("store"));
        server = new TestSmtpServer(dir, store, SmtpLimits.defaults(), TestSmtpServer.throttle(), 100,
                new TestSmtpServer.Extras(Optional.empty(), registry));
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private double count(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void commandsAndAcceptedAndRejectedMessagesAreCounted() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<alice@example.com>").expect("250")
                    .send("DATA").expect("354").raw("Subject: a\r\n\r\nhello\r\n.\r\n").expect("250 2.0.0")
                    .send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<alice@example.com>").expect("250")
                    .send("DATA").expect("354").raw("Subject: a\r\n\r\nbare\nLF\r\n.\r\n").expect("5")
                    .send("BOGUS").expect("500").send("QUIT").expect("221");
        }
        assertThat(count("facteur.smtp.commands", "command", "mail")).isEqualTo(2);
        assertThat(count("facteur.smtp.commands", "command", "data")).isEqualTo(2);
        assertThat(count("facteur.smtp.commands", "command", "invalid")).isEqualTo(1);
        assertThat(count("facteur.smtp.messages", "role", "mx", "result", "accepted")).isEqualTo(1);
        assertThat(count("facteur.smtp.messages", "role", "mx", "result", "rejected")).isEqualTo(1);
        assertThat(count("facteur.smtp.messages.bytes", "result", "accepted")).isEqualTo(21);
    }

    @Test
    void authSuccessesAndFailuresAreCountedByMechanism() throws Exception {
        String good = Base64.getEncoder().encodeToString(("\0alice@example.com\0" + TestSmtpServer.ALICE_PASSWORD).getBytes());
        String bad = Base64.getEncoder().encodeToString("\0alice@example.com\0wrong".getBytes());
        try (SmtpTestClient c = SmtpTestClient.connect(server.submission())) {
            c.expect("220").ehlo().send("STARTTLS").expect("220").startTls().ehlo()
                    .send("AUTH PLAIN " + bad).expect("535")
                    .send("AUTH PLAIN " + good).expect("235");
        }
        assertThat(count("facteur.smtp.auth", "mechanism", "PLAIN", "result", "failure")).isEqualTo(1);
        assertThat(count("facteur.smtp.auth", "mechanism", "PLAIN", "result", "success")).isEqualTo(1);
    }
}
