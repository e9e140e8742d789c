package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImapSessionTest extends ImapServerTest {

    @Test
    void greetingAdvertisesCapabilitiesAndLoginWorks() throws Exception {
        try (ImapTestClient c = server.connect()) {
            assertThat(c.readLine()).startsWith("* OK [CAPABILITY IMAP4rev1 IMAP4rev2").contains("STARTTLS");
            c.command("LOGIN alice@example.com secret").expectOk();
            ImapTestClient.Reply caps = c.command("CAPABILITY").expectOk();
            assertThat(caps.untagged().getFirst()).contains("UIDPLUS", "MOVE", "CONDSTORE", "APPENDLIMIT=");
        }
    }

    @Test
    void appendThenFetchReturnsTheOriginalOctets() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            String msg = "From: Bob <bob@example.com>\r\nSubject: hello\r\n\r\nbody text\r\n";
            c.send("a1 APPEND INBOX (\\Seen) {" + msg.length() + "+}\r\n" + msg + "\r\n");
            assertThat(c.readReply("a1").tagged()).startsWith("a1 OK [APPENDUID ");
            ImapTestClient.Reply sel = c.command("SELECT INBOX").expectOk();
            assertThat(sel.all()).contains("* 1 EXISTS", "[UIDVALIDITY ", "[READ-WRITE]");
            ImapTestClient.Reply f = c.command("FETCH 1 (FLAGS RFC822.SIZE ENVELOPE BODY[])").expectOk();
            assertThat(f.all()).contains("FLAGS (\\Seen \\Recent)", "RFC822.SIZE " + msg.length(),
                    "ENVELOPE (NIL \"hello\" ((\"Bob\" NIL \"bob\" \"example.com\"))", "BODY[] {" + msg.length() + "}",
                    "body text");
        }
    }
}
