package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a selected session asks the store: SELECT reads UIDs, MODSEQs and flags only; a NOOP when
 * nothing changed asks nothing; another session's change is still seen at the next NOOP.
 */
class SelectedStateQueriesTest {

    @TempDir
    Path dir;
    final CountingStore counting = new CountingStore();
    ImapTestServer server;
    ImapTestClient a;
    ImapTestClient b;

    @BeforeEach
    void start() throws Exception {
        server = new ImapTestServer(dir, s -> s, counting::wrap);
        TranscriptTest.seed(server);
        a = server.login("alice");
        b = server.login("alice");
        a.command("ENABLE IMAP4rev2").expectOk(); // no \\Recent in the replies
        b.command("ENABLE IMAP4rev2").expectOk();
    }

    @AfterEach
    void stop() throws Exception {
        a.close();
        b.close();
        server.close();
    }

    @Test
    void selectReadsTheIndexNotEveryRow() throws Exception {
        counting.take();
        a.command("SELECT INBOX").expectOk();
        assertThat(counting.take()).contains("find/2", "index/1").doesNotContain("messages/1", "messages/2");
    }

    @Test
    void fetchOfFlagsUidAndModSeqReadsNoRows() throws Exception {
        a.command("SELECT INBOX").expectOk();
        counting.take();
        assertThat(a.command("FETCH 1:* (UID FLAGS)").untagged()).hasSize(3);
        assertThat(counting.take()).isEmpty();
        // MODSEQ enables CONDSTORE: the HIGHESTMODSEQ line first (RFC 7162 §3.1.2.1)
        assertThat(a.command("FETCH 1:* (MODSEQ)").untagged()).hasSize(4);
        assertThat(counting.take()).isEmpty();
        assertThat(a.command("FETCH 1:* (RFC822.SIZE)").untagged()).hasSize(3);
        assertThat(counting.take()).containsExactly("messages/2"); // one query for the chunk
    }

    @Test
    void noopWithNothingNewAsksTheStoreNothing() throws Exception {
        a.command("SELECT INBOX").expectOk();
        counting.take();
        for (int i = 0; i < 3; i++) {
            assertThat(a.command("NOOP").expectOk().untagged()).isEmpty();
        }
        assertThat(counting.take()).isEmpty();
    }

    @Test
    void anotherSessionsFlagChangeIsSeenAtTheNextNoopWhichThenAsksOnce() throws Exception {
        a.command("SELECT INBOX").expectOk();
        b.command("SELECT INBOX").expectOk();
        b.command("STORE 2 +FLAGS (\\Flagged)").expectOk();
        counting.take();
        assertThat(a.command("NOOP").expectOk().untagged()).containsExactly("* 2 FETCH (FLAGS (\\Flagged))");
        assertThat(counting.take()).isNotEmpty();
        assertThat(a.command("NOOP").expectOk().untagged()).isEmpty();
        assertThat(counting.take()).isEmpty();
    }

    @Test
    void ownStoreIsNotLookedForAgainAtNoop() throws Exception {
        b.command("SELECT INBOX").expectOk();
        assertThat(b.command("STORE 1 +FLAGS (\\Seen)").untagged()).containsExactly("* 1 FETCH (FLAGS (\\Seen))");
        counting.take();
        assertThat(b.command("NOOP").expectOk().untagged()).isEmpty();
        assertThat(counting.take()).isEmpty();
    }

    @Test
    void anotherSessionsExpungeAndAppendAreSeenAtTheNextNoop() throws Exception {
        a.command("SELECT INBOX").expectOk();
        b.command("SELECT INBOX").expectOk();
        b.command("STORE 1 +FLAGS (\\Deleted)").expectOk();
        b.command("EXPUNGE").expectOk();
        b.send("x APPEND INBOX {13+}\r\nSubject: n\r\n\r\n\r\n");
        b.readReply("x").expectOk();
        assertThat(a.command("NOOP").expectOk().untagged()).containsSubsequence("* 1 EXPUNGE", "* 3 EXISTS");
        assertThat(a.command("FETCH 1:* UID").untagged()).containsExactly("* 1 FETCH (UID 2)", "* 2 FETCH (UID 3)",
                "* 3 FETCH (UID 4)");
    }

    @Test
    void fetchOfAMessageExpungedElsewhereAnswersExpungeIssued() throws Exception {
        a.command("SELECT INBOX").expectOk();
        b.command("SELECT INBOX").expectOk();
        b.command("STORE 2 +FLAGS (\\Deleted)").expectOk();
        b.command("EXPUNGE").expectOk();
        // RFC 9051 §7.5.1: no EXPUNGE during FETCH; the row is gone, so NO [EXPUNGEISSUED] for it
        ImapTestClient.Reply fetch = a.command("FETCH 1:3 (UID RFC822.SIZE)");
        assertThat(fetch.untagged()).hasSize(2).noneMatch(l -> l.contains("EXPUNGE") || l.startsWith("* 2 "));
        assertThat(fetch.tagged()).contains("NO [EXPUNGEISSUED]");
        assertThat(a.command("NOOP").untagged()).contains("* 2 EXPUNGE");
    }
}
