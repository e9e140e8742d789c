package dev.facteur.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.store.Account;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything from the network is hostile: each abuse gets its reply, bounded cost, and no crash. */
class Pop3HostileInputTest {
    static final String USER = "alice@example.test";
    static final String PASSWORD = "correct horse";

    @TempDir
    Path dir;
    Pop3Fixture fixture;
    Account alice;

    private void start(Pop3Settings settings) throws Exception {
        fixture = Pop3Fixture.start(dir, settings);
        alice = fixture.addAccount(USER, PASSWORD);
        fixture.deliver(alice, "Subject: x\r\n\r\nbody\r\n");
    }

    private Pop3TestClient loggedIn() throws Exception {
        Pop3TestClient c = fixture.connect();
        c.expect("+OK");
        c.login(USER, PASSWORD);
        return c;
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void overlongLineIsRefusedAndTheSessionGoesOn() throws Exception {
        start(Pop3Settings.defaults("pop.test", true));
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            assertThat(c.send("USER " + "a".repeat(300)).line()).isEqualTo("-ERR line too long");
            c.send("CAPA").expect("+OK");
            assertThat(c.body()).contains("TOP");
        }
    }

    @Test
    void megabyteLineWithoutEndIsConsumedWithBoundedMemory() throws Exception {
        start(Pop3Settings.defaults("pop.test", true));
        try (Pop3TestClient c = loggedIn()) {
            byte[] junk = new byte[4 * 1024 * 1024];
            Arrays.fill(junk, (byte) 'x');
            c.sendRaw(junk);
            c.send("");
            assertThat(c.line()).isEqualTo("-ERR line too long");
            assertThat(c.send("STAT").line()).startsWith("+OK 1 ");
        }
    }

    @Test
    void unknownCommandsGetErr() throws Exception {
        start(Pop3Settings.defaults("pop.test", true));
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            assertThat(c.send("EHLO example.test").line()).isEqualTo("-ERR unknown command");
            assertThat(c.send("XYZZY").line()).isEqualTo("-ERR unknown command");
            assertThat(c.send("").line()).isEqualTo("-ERR unknown command");
        }
    }

    @Test
    void commandsInTheWrongStateGetErr() throws Exception {
        start(Pop3Settings.defaults("pop.test", true));
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            for (String cmd : new String[] {"STAT", "LIST", "RETR 1", "DELE 1", "NOOP", "RSET", "TOP 1 1", "UIDL"}) {
                assertThat(c.send(cmd).line()).as(cmd).isEqualTo("-ERR command not valid in this state");
            }
        }
        try (Pop3TestClient c = loggedIn()) {
            for (String cmd : new String[] {"USER bob", "PASS x", "AUTH PLAIN", "STLS",
                    "APOP mrose c4c9334bac560ecc979e58001b3e22fb"}) {
                assertThat(c.send(cmd).line()).as(cmd).isEqualTo("-ERR command not valid in this state");
            }
        }
    }

    @Test
    void badMessageNumbersGetErr() throws Exception {
        start(Pop3Settings.defaults("pop.test", true));
        try (Pop3TestClient c = loggedIn()) {
            assertThat(c.send("RETR 0").line()).isEqualTo("-ERR no such message");
            assertThat(c.send("RETR 2").line()).isEqualTo("-ERR no such message");
            assertThat(c.send("LIST 2147483647").line()).isEqualTo("-ERR no such message");
            assertThat(c.send("TOP 9 1").line()).isEqualTo("-ERR no such message");
            assertThat(c.send("UIDL 3").line()).isEqualTo("-ERR no such message");
            assertThat(c.send("DELE 5").line()).isEqualTo("-ERR no such message");
            assertThat(c.send("RETR abc").line()).startsWith("-ERR syntax error");
            assertThat(c.send("RETR 99999999999").line()).startsWith("-ERR syntax error");
            assertThat(c.send("TOP 1 -1").line()).startsWith("-ERR syntax error");
            assertThat(c.send("RETR -1").line()).startsWith("-ERR syntax error");
            c.send("DELE 1").expect("+OK");
            assertThat(c.send("RETR 1").line()).isEqualTo("-ERR message 1 already deleted");
            assertThat(c.send("TOP 1 0").line()).isEqualTo("-ERR message 1 already deleted");
        }
    }

    @Test
    void floodOfPipelinedCommandsIsAnsweredInOrder() throws Exception {
        start(Pop3Settings.defaults("pop.test", true));
        try (Pop3TestClient c = loggedIn()) {
            int n = 20_000;
            c.sendRaw("NOOP\r\n".repeat(n).getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < n; i++) {
                assertThat(c.line()).isEqualTo("+OK");
            }
            assertThat(c.send("STAT").line()).startsWith("+OK 1 ");
        }
    }

    @Test
    void floodOfBadCommandsClosesTheSession() throws Exception {
        start(Pop3Settings.defaults("pop.test", true));
        try (Pop3TestClient c = loggedIn()) {
            c.sendRaw("BOGUS\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 9; i++) {
                assertThat(c.line()).isEqualTo("-ERR unknown command");
            }
            assertThat(c.line()).isEqualTo("-ERR too many errors, closing connection");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void tooManyCommandsBeforeLoginCloseTheSession() throws Exception {
        start(Pop3Settings.defaults("pop.test", true));
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.sendRaw("USER a\r\n".repeat(31).getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 30; i++) {
                assertThat(c.line()).isEqualTo("+OK send PASS");
            }
            assertThat(c.line()).isEqualTo("-ERR [SYS/TEMP] too many commands without logging in");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void idleSessionIsLoggedOutWithoutEnteringUpdate() throws Exception {
        start(Pop3Settings.defaults("pop.test", true).withIdleTimeout(Duration.ofSeconds(2)));
        try (Pop3TestClient c = loggedIn()) {
            c.send("DELE 1").expect("+OK");
            assertThat(c.line()).isEqualTo("-ERR autologout: idle for too long");
            assertThat(c.closedByServer()).isTrue();
        }
        awaitUnlocked();
        assertThat(fixture.store.mailboxes().messages(fixture.inbox(alice).id())).hasSize(1);
    }

    @Test
    void defaultAutologoutTimerIsTheRfcMinimumOfTenMinutes() {
        assertThat(Pop3Settings.defaults("pop.test", false).idleTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void controlCharactersAndBareCarriageReturnsAreSyntaxErrors() throws Exception {
        start(Pop3Settings.defaults("pop.test", true));
        try (Pop3TestClient c = loggedIn()) {
            c.sendRaw("NOOP\0\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.line()).startsWith("-ERR syntax error");
            c.sendRaw("DELE 1\rQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.line()).startsWith("-ERR syntax error");
            assertThat(c.send("STAT").line()).startsWith("+OK 1 ");
        }
    }

    @Test
    void oversizedSaslResponseIsRefused() throws Exception {
        start(Pop3Settings.defaults("pop.test", true));
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.send("AUTH PLAIN").expect("+ ");
            assertThat(c.send("A".repeat(20_000)).line()).isEqualTo("-ERR authentication response too long");
            c.send("NOOP").expect("-ERR command not valid");
        }
    }

    private void awaitUnlocked() {
        long id = fixture.inbox(alice).id();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (fixture.locks.isLocked(id)) {
            assertThat(System.nanoTime()).as("maildrop lock released").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
