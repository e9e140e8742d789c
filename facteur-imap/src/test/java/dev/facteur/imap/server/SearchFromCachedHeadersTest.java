package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.core.mime.MessageSummaries;
import dev.facteur.core.mime.MessageSummary;
import dev.facteur.store.BlobId;
import dev.facteur.store.Flags;
import dev.facteur.store.Mailbox;
import dev.facteur.store.NewMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SEARCH on header keys (RFC 9051 §6.4.4) answered from the cached top-level headers: one query
 * per chunk, no row and no blob read, with the same answers as from the rows and the octets.
 */
class SearchFromCachedHeadersTest {

    static final String PLAIN = "Subject: message 17\r\nFrom: Ann <a@example.com>\r\nTo: b@example.com\r\n\r\nbody one\r\n";
    static final String ENCODED = "Subject: =?UTF-8?B?w6l0w6k=?= report\r\nFrom: c@example.com\r\nX-Tag: blue\r\n\r\n"
            + "message 17 in the body\r\n";
    static final String LARGE = "Subject: other\r\n folded on\r\nX-Tag: Red\r\nx-tag: =?ISO-8859-1?Q?gr=FCn?=\r\n\r\n"
            + "x".repeat(2000) + "\r\n";

    @TempDir
    Path dir;
    final CountingStore counting = new CountingStore();
    ImapTestServer server;
    ImapTestClient a;

    @BeforeEach
    void start() throws Exception {
        server = new ImapTestServer(dir, s -> s, counting::wrap);
        a = server.login("alice");
        ImapServerTest.append(a, "a1", PLAIN);
        ImapServerTest.append(a, "a2", ENCODED);
        ImapServerTest.append(a, "a3", LARGE);
    }

    @AfterEach
    void stop() throws Exception {
        a.close();
        server.close();
    }

    private String search(String criteria) throws Exception {
        ImapTestClient.Reply r = a.command("SEARCH " + criteria).expectOk();
        assertThat(r.untagged()).hasSize(1);
        return r.untagged().getFirst();
    }

    @Test
    void subjectSearchReadsOneHeaderQueryAndNoRowOrBlob() throws Exception {
        a.command("SELECT INBOX").expectOk();
        counting.take();
        assertThat(search("SUBJECT \"message 17\"")).isEqualTo("* SEARCH 1");
        assertThat(counting.take()).containsExactly("headers/2");
        assertThat(search("HEADER X-Tag blue")).isEqualTo("* SEARCH 2");
        assertThat(search("FROM ann")).isEqualTo("* SEARCH 1");
        assertThat(counting.take()).containsExactly("headers/2", "headers/2"); // FROM: the envelope derived from the header
    }

    @Test
    void headerKeysMatchDecodedCaseInsensitiveSubstrings() throws Exception {
        a.command("SELECT INBOX").expectOk();
        assertThat(search("SUBJECT MESSAGE")).isEqualTo("* SEARCH 1");
        assertThat(search("SUBJECT \"folded on\"")).isEqualTo("* SEARCH 3");
        assertThat(search("SUBJECT nothing")).isEqualTo("* SEARCH");
        assertThat(search("HEADER X-TAG \"\"")).isEqualTo("* SEARCH 2 3"); // the field exists
        assertThat(search("CHARSET UTF-8 HEADER x-tag {5+}\r\nGRÜN")).isEqualTo("* SEARCH 3"); // Ü is two octets
        assertThat(search("FROM a@example.com")).isEqualTo("* SEARCH 1");
        assertThat(search("TO b@example")).isEqualTo("* SEARCH 1");
        assertThat(search("NOT SUBJECT message")).isEqualTo("* SEARCH 2 3");
        assertThat(search("OR SUBJECT other HEADER X-Tag blue")).isEqualTo("* SEARCH 2 3");
        assertThat(search("UNSEEN SUBJECT report")).isEqualTo("* SEARCH 2");
    }

    @Test
    void encodedWordSubjectMatchesItsDecodedUtf8Text() throws Exception {
        a.command("SELECT INBOX").expectOk();
        byte[] ete = "ÉTÉ".getBytes(StandardCharsets.UTF_8);
        a.send("u SEARCH CHARSET UTF-8 SUBJECT {" + ete.length + "+}\r\nÉTÉ\r\n");
        ImapTestClient.Reply r = a.readReply("u").expectOk();
        assertThat(r.untagged()).containsExactly("* SEARCH 2");
        assertThat(counting.take()).doesNotContain("blobs.open/1", "blobs.read/1");
    }

    @Test
    void mixedKeyNeedingTheSizeReadsRowsAndStaysRight() throws Exception {
        a.command("SELECT INBOX").expectOk();
        counting.take();
        assertThat(search("SUBJECT other LARGER 1000")).isEqualTo("* SEARCH 3");
        assertThat(counting.take()).containsExactly("messages/2");
        assertThat(search("SUBJECT other SMALLER 1000")).isEqualTo("* SEARCH");
        assertThat(search("OR SUBJECT message LARGER 1000")).isEqualTo("* SEARCH 1 3");
        assertThat(search("HEADER X-Tag blue TEXT \"message 17\"")).isEqualTo("* SEARCH 2");
    }

    @Test
    void textSearchReadsTheOctetsOfAChunkTogether() throws Exception {
        a.command("SELECT INBOX").expectOk();
        counting.take();
        assertThat(search("TEXT \"message 17\"")).isEqualTo("* SEARCH 1 2"); // a subject, a body
        // one query for the rows, one for the octets: not a read per message (a round trip each on PostgreSQL)
        assertThat(counting.take()).containsExactly("messages/2", "blobs.readAll/1");
        assertThat(search("BODY \"in the body\"")).isEqualTo("* SEARCH 2");
        assertThat(search("NOT BODY xxxx")).isEqualTo("* SEARCH 1 2");
        assertThat(counting.take()).containsExactly("messages/2", "blobs.readAll/1", "messages/2", "blobs.readAll/1");
    }

    @Test
    void messageWithoutACachedHeaderIsSearchedFromItsRowAndOctets() throws Exception {
        byte[] raw = "Subject: message 17 again\r\nX-Tag: blue too\r\n\r\nold\r\n".getBytes(StandardCharsets.US_ASCII);
        Mailbox inbox = server.store.mailboxes().find(server.alice.id(), "INBOX").orElseThrow();
        BlobId blob = server.store.blobs().put(raw);
        MessageSummary summary = MessageSummaries.derive(raw);
        server.store.mailboxes().append(inbox.id(), new NewMessage(blob, raw.length, TranscriptTest.INTERNAL_DATE,
                Flags.NONE, MessageSummaries.encode(summary), summary.threadKey())); // no cached header
        a.command("SELECT INBOX").expectOk();
        counting.take();
        assertThat(search("SUBJECT \"message 17\"")).isEqualTo("* SEARCH 1 4");
        // the cached headers, then the row of the one message without one
        assertThat(counting.take()).containsExactly("headers/2", "messages/2");
        assertThat(search("HEADER X-Tag blue")).isEqualTo("* SEARCH 2 4");
        assertThat(counting.take()).containsExactly("headers/2", "messages/2", "blobs.open/1");
    }

    @Test
    void messageExpungedByAnotherSessionMatchesNoHeaderKey() throws Exception {
        a.command("SELECT INBOX").expectOk();
        ImapTestClient b = server.login("alice");
        try {
            b.command("SELECT INBOX").expectOk();
            b.command("STORE 1 +FLAGS (\\Deleted)").expectOk();
            b.command("EXPUNGE").expectOk();
        } finally {
            b.close();
        }
        // RFC 9051 §7.5.1: no EXPUNGE during SEARCH; message 1 is still numbered but matches nothing
        ImapTestClient.Reply r = a.command("SEARCH SUBJECT \"message 17\"").expectOk();
        assertThat(r.untagged()).contains("* SEARCH").noneMatch(l -> l.contains("EXPUNGE"));
        r = a.command("SEARCH SUBJECT report").expectOk();
        assertThat(r.untagged()).contains("* SEARCH 2");
    }
}
