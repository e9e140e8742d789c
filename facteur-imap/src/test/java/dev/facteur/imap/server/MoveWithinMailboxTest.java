package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 6851: MOVE into the selected mailbox itself succeeds and renumbers the messages with new UIDs. */
class MoveWithinMailboxTest extends ImapServerTest {

    @BeforeEach
    void seed() throws Exception {
        TranscriptTest.seed(server);
    }

    @Test
    void moveIntoTheSelectedMailboxGivesNewUidsAndExpungesTheOriginal() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            c.command("SELECT INBOX").expectOk();
            ImapTestClient.Reply moved = c.command("UID MOVE 1 INBOX").expectOk();
            assertThat(moved.all()).containsPattern("\\* OK \\[COPYUID \\d+ 1 4\\]").contains("* 1 EXPUNGE");
            assertThat(c.command("UID SEARCH ALL").untagged()).contains("* SEARCH 2 3 4");
        }
    }
}
