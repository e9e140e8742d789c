package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several sessions on one mailbox see each other's changes only when RFC 9051 §7 allows. */
class ConcurrentSessionsTest {

    @TempDir
    Path dir;
    ImapTestServer server;
    ImapTestClient a;
    ImapTestClient b;

    @BeforeEach
    void start() throws Exception {
        server = new ImapTestServer(dir);
        TranscriptTest.seed(server);
        a = server.login("alice");
        b = server.login("alice");
        a.command("SELECT INBOX").expectOk();
        b.command("SELECT INBOX").expectOk();
    }

    @AfterEach
    void stop() throws Exception {
        a.close();
        b.close();
        server.close();
    }

    @Test
    void flagChangeByOneSessionReachesTheOtherAtNoop() throws Exception {
        a.command("STORE 2 +FLAGS (\\Flagged)").expectOk();
        assertThat(b.command("NOOP").expectOk().untagged()).containsExactly("* 2 FETCH (FLAGS (\\Flagged))");
        assertThat(b.command("NOOP").expectOk().untagged()).isEmpty();
    }

    @Test
    void expungeIsNotReportedDuringFetchStoreOrSearchButAtNoop() throws Exception {
        a.command("STORE 1 +FLAGS (\\Deleted)").expectOk();
        a.command("EXPUNGE").expectOk();
        ImapTestClient.Reply fetch = b.command("FETCH 1:3 UID");
        assertThat(fetch.all()).doesNotContain("EXPUNGE").contains("* 3 FETCH (UID 3)");
        assertThat(b.command("SEARCH ALL").all()).doesNotContain("EXPUNGE").contains("* SEARCH 1 2 3");
        assertThat(b.command("STORE 3 +FLAGS (\\Seen)").all()).doesNotContain("EXPUNGE");
        assertThat(b.command("NOOP").expectOk().untagged()).contains("* 1 EXPUNGE");
        assertThat(b.command("FETCH 1:* UID").untagged()).containsExactly("* 1 FETCH (UID 2)", "* 2 FETCH (UID 3)");
    }

    @Test
    void newMessageByAnotherSessionArrivesAsExists() throws Exception {
        a.send("x APPEND INBOX {13+}\r\nSubject: n\r\n\r\n\r\n");
        assertThat(a.readReply("x").all()).contains("* 4 EXISTS", "x OK [APPENDUID");
        // RFC 3501 §2.3.2: a, which appended it while selected, saw it first: not recent in b
        assertThat(b.command("NOOP").untagged()).containsExactly("* 4 EXISTS", "* 0 RECENT");
    }

    @Test
    void qresyncSessionsSeeVanishedInsteadOfExpunge() throws Exception {
        b.command("ENABLE QRESYNC").expectOk();
        b.command("SELECT INBOX").expectOk();
        a.command("STORE 2 +FLAGS (\\Deleted)").expectOk();
        a.command("EXPUNGE").expectOk();
        assertThat(b.command("NOOP").untagged()).contains("* VANISHED 2");
        ImapTestClient.Reply resync = b.command("SELECT INBOX (QRESYNC (" + uidValidity(b) + " 1 1:3))");
        assertThat(resync.all()).contains("* VANISHED (EARLIER) 2", "[HIGHESTMODSEQ ");
    }

    @Test
    void idleReportsNewMailAsItArrives() throws Exception {
        b.send("i IDLE\r\n");
        assertThat(b.readLine()).startsWith("+ ");
        a.send("x APPEND INBOX {13+}\r\nSubject: n\r\n\r\n\r\n");
        a.readReply("x");
        long start = System.nanoTime();
        assertThat(b.readLine()).isEqualTo("* 4 EXISTS");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        b.send("DONE\r\n");
        assertThat(b.readReply("i").tagged()).isEqualTo("i OK IDLE terminated");
        assertThat(elapsedMillis).as("IDLE reports new mail within a second").isLessThan(1000);
    }

    @Test
    void idleReportsOthersFlagChangesAndExpunges() throws Exception {
        b.send("i IDLE\r\n");
        assertThat(b.readLine()).startsWith("+ ");
        a.command("STORE 3 +FLAGS (\\Deleted)").expectOk();
        assertThat(b.readLine()).isEqualTo("* 3 FETCH (FLAGS (\\Deleted))");
        a.command("EXPUNGE").expectOk();
        assertThat(b.readLine()).isEqualTo("* 3 EXPUNGE");
        b.send("DONE\r\n");
        b.readReply("i").expectOk();
    }

    @Test
    void uidsStrictlyAscendAndAreNeverReused() throws Exception {
        a.command("STORE 3 +FLAGS (\\Deleted)").expectOk();
        a.command("EXPUNGE").expectOk();
        a.send("x APPEND INBOX {13+}\r\nSubject: n\r\n\r\n\r\n");
        assertThat(a.readReply("x").tagged()).matches("x OK \\[APPENDUID \\d+ 4] .*");
    }

    private static String uidValidity(ImapTestClient c) throws Exception {
        String status = c.command("STATUS INBOX (UIDVALIDITY)").untagged().getFirst();
        return status.replaceAll(".*UIDVALIDITY (\\d+).*", "$1");
    }
}
