package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Further cases Dovecot's imaptest compliance scripts caught, each as a transcript against the real server. */
class ImaptestFindingsTest {

    @TempDir
    Path dir;
    ImapTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ImapTestServer(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void append(ImapTestClient c, String tag, String message) throws Exception {
        c.send(tag + " APPEND INBOX {" + message.length() + "+}\r\n" + message + "\r\n");
        c.readReply(tag).expectOk();
    }

    @Test
    void envelopeTakesTheCommentAfterABareAddressAsTheDisplayName() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            append(c, "a", "From: user@domain (Real Name)\r\nTo: Quoted \"Name\" <to@domain>\r\n\r\nx\r\n");
            c.command("SELECT INBOX").expectOk();
            assertThat(c.command("FETCH 1 ENVELOPE").all()).contains(
                    "((\"Real Name\" NIL \"user\" \"domain\")) ((\"Real Name\" NIL \"user\" \"domain\")) "
                            + "((\"Real Name\" NIL \"user\" \"domain\")) ((\"Quoted Name\" NIL \"to\" \"domain\"))");
        }
    }
}
