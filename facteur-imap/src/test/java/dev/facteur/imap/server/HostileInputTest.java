package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything from the network is hostile: each case gets the right reply and the server stays up. */
class HostileInputTest {

    @TempDir
    Path dir;
    ImapTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ImapTestServer(dir, s -> new ImapServerSettings(s.hostname(), 1024 * 1024, 8192, 4096,
                s.loginTimeout(), s.idleTimeout(), 8, true));
        TranscriptTest.seed(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void overSizeSynchronisingLiteralIsRefusedBeforeTheClientSendsIt() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            c.send("a APPEND INBOX {2000000}\r\n");
            assertThat(c.readLine()).isEqualTo("a NO [TOOBIG] literal too large");
            c.send("b LOGIN {5000}\r\n");
            assertThat(c.readLine()).isEqualTo("b BAD literal too large");
            c.command("NOOP").expectOk();
        }
    }

    @Test
    void overSizeNonSynchronisingLiteralClosesTheConnection() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            c.send("a APPEND INBOX {2000000+}\r\n");
            assertThat(c.readLine()).isEqualTo("* BYE literal too large");
            assertThat(c.isClosed()).isTrue();
        }
    }

    @Test
    void unterminatedLiteralTimesOutOrEndsWithoutHarm() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            c.send("a APPEND INBOX {100}\r\n");
            assertThat(c.readLine()).startsWith("+ ");
            c.send("only a few octets");
        }
        try (ImapTestClient c = server.login("alice")) {
            c.command("SELECT INBOX").expectOk(); // the server is still serving
        }
    }

    @Test
    void hugeCommandLineIsRefusedAndTheSessionGoesOn() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            c.send("a NOOP " + "x".repeat(100_000) + "\r\n");
            assertThat(c.readLine()).isEqualTo("* BAD [TOOBIG] command line too long");
            c.command("NOOP").expectOk();
        }
    }

    @Test
    void deepParenthesesGetBad() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            c.command("SELECT INBOX").expectOk();
            c.command("SEARCH " + "(".repeat(500) + "ALL" + ")".repeat(500)).expectBad();
            c.command("NOOP").expectOk();
        }
    }

    @Test
    void badSequenceSetsGetBad() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            c.command("SELECT INBOX").expectOk();
            for (String set : List.of("0", "4", "1:9", "*:5", "1,,2", "4294967296", "-1")) {
                c.command("FETCH " + set + " FLAGS").expectBad();
            }
            assertThat(c.command("UID FETCH 10:20 FLAGS").expectOk().untagged()).isEmpty();
        }
    }

    @Test
    void commandsInTheWrongStateGetBad() throws Exception {
        try (ImapTestClient c = server.connect()) {
            c.readLine();
            for (String cmd : List.of("SELECT INBOX", "FETCH 1 FLAGS", "LIST \"\" *", "IDLE", "EXPUNGE", "UID STORE 1 FLAGS ()")) {
                c.command(cmd).expectBad();
            }
        }
        try (ImapTestClient c = server.login("alice")) {
            c.command("FETCH 1 FLAGS").expectBad();
            c.command("CLOSE").expectBad();
            c.command("AUTHENTICATE PLAIN").expectBad();
        }
    }

    @Test
    void floodingWithBadCommandsEndsTheSession() throws Exception {
        try (ImapTestClient c = server.connect()) {
            c.readLine();
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                flood.append("x").append(i).append(" BOGUS\r\n");
            }
            c.send(flood.toString());
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = c.readLine()) != null) {
                lines.add(line);
            }
            assertThat(lines).hasSize(9).last().isEqualTo("* BYE too many errors");
        }
    }

    @Test
    void plainTextPasswordsAreRefusedOffLoopbackPolicy() throws Exception {
        try (ImapTestServer strict = new ImapTestServer(dir.resolve("strict"),
                s -> s.withPlaintextOnLoopback(false)); ImapTestClient c = strict.connect()) {
            assertThat(c.readLine()).contains("LOGINDISABLED", "STARTTLS").doesNotContain("AUTH=PLAIN");
            assertThat(c.command("LOGIN alice@example.com secret").tagged()).contains("NO [PRIVACYREQUIRED]");
            assertThat(c.command("AUTHENTICATE PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHNlY3JldA==").tagged()).contains("NO [PRIVACYREQUIRED]");
        }
    }

    @Test
    void connectionsBeyondThePerAddressLimitGetByeAndFreedSlotsServeAgain() throws Exception {
        List<ImapTestClient> clients = new ArrayList<>();
        int served = 0;
        int refused = 0;
        try {
            for (int i = 0; i < 150; i++) { // the loopback listener admits 100 per address
                ImapTestClient c = server.connect();
                clients.add(c);
                String greeting = c.readLine();
                if (greeting.startsWith("* OK")) {
                    served++;
                } else {
                    assertThat(greeting).isEqualTo("* BYE [UNAVAILABLE] too many connections, try later");
                    refused++;
                }
            }
            clients.getFirst().command("NOOP").expectOk();
        } finally {
            for (ImapTestClient c : clients) {
                c.close();
            }
        }
        assertThat(served).isEqualTo(100);
        assertThat(refused).isEqualTo(50);
        for (int i = 0; i < 50; i++) {
            try (ImapTestClient c = server.connect()) {
                if (c.readLine().startsWith("* OK")) {
                    c.command("LOGIN alice@example.com secret").expectOk();
                    return; // slots are released when clients leave
                }
            }
        }
        throw new AssertionError("no connection was admitted after the others closed");
    }

    @Test
    void authenticateCancelAndGarbageGetBad() throws Exception {
        try (ImapTestClient c = server.connect()) {
            c.readLine();
            c.send("a AUTHENTICATE PLAIN\r\n");
            assertThat(c.readLine()).isEqualTo("+ ");
            c.send("*\r\n");
            assertThat(c.readLine()).isEqualTo("a BAD authentication cancelled");
            c.send("b AUTHENTICATE PLAIN !!notbase64\r\n");
            assertThat(c.readLine()).isEqualTo("b BAD invalid base64");
            c.send("c AUTHENTICATE PLAIN " + java.util.Base64.getEncoder().encodeToString(
                    "\0alice@example.com\0secret".getBytes(StandardCharsets.UTF_8)) + "\r\n");
            assertThat(c.readLine()).startsWith("c OK [CAPABILITY ");
        }
    }

    @Test
    void nulAndBareCrInCommandsAreRefused() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            c.sendBytes("a LOGIN \"x\0y\" z\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(c.readLine()).startsWith("a BAD");
            c.command("NOOP").expectOk();
        }
    }
}
