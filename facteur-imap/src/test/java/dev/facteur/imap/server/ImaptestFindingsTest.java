package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Further cases Dovecot's imaptest compliance scripts caught, each as a transcript against the real server. */
class ImaptestFindingsTest extends ImapServerTest {

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

    @Test
    void recursiveMatchGivesChildInfoOnlyForDescendantsThePatternsDoNotReturn() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            c.command("CREATE p").expectOk();
            c.command("CREATE p/c").expectOk();
            c.command("SUBSCRIBE p/c").expectOk();
            assertThat(c.command("LIST (SUBSCRIBED RECURSIVEMATCH) \"\" p").untagged())
                    .containsExactly("* LIST (\\HasChildren) \"/\" \"p\" (\"CHILDINFO\" (\"SUBSCRIBED\"))");
            assertThat(c.command("LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (p p/c)").untagged())
                    .containsExactly("* LIST (\\HasNoChildren \\Subscribed) \"/\" \"p/c\"");
            c.command("LIST (RECURSIVEMATCH REMOTE) \"\" \"\"").expectBad();
            c.command("LIST \"\" \"\" RETURN (IMAPTEST)").expectBad();
            c.command("SELECT ~foo").expectNo();
        }
    }

    @Test
    void sortByCcAndDisplayToUseAGroupsNameForAGroup() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            append(c, "a", "To: foo bar <a@b.c>\r\nCc: user2@domain2.org (foo bar)\r\n\r\n1\r\n");
            append(c, "b", "To: z: aa@aa.org;\r\nCc: user2: blah@domain1.org;\r\n\r\n2\r\n");
            append(c, "c", "To: b@c.d\r\nCc: user1@domain1.org\r\n\r\n3\r\n");
            append(c, "d", "To: empty:;\r\nCc: zed@x.org\r\n\r\n4\r\n");
            c.command("SELECT INBOX").expectOk();
            // RFC 5256 §3: the first address's mailbox; a group start's mailbox is the group name
            assertThat(c.command("SORT (CC) US-ASCII ALL").untagged()).containsExactly("* SORT 3 1 2 4");
            // RFC 5957 §2: the display name, else the addr-spec; a group by its name
            assertThat(c.command("SORT (DISPLAYTO) US-ASCII ALL").untagged()).containsExactly("* SORT 3 4 1 2");
        }
    }

    @Test
    void searchFromFindsAnAddressWrittenWithComments() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            append(c, "a", "From: <user-from (comment)@ (comment) domain.org>\r\n\r\n1\r\n");
            append(c, "b", "From: =?utf-8?q?J=C3=BCrgen?= <other@domain.org>\r\n\r\n2\r\n");
            c.command("SELECT INBOX").expectOk();
            assertThat(c.command("SEARCH FROM user-from@domain.org").untagged()).containsExactly("* SEARCH 1");
            assertThat(c.command("SEARCH FROM \"jürgen <other@\"").untagged()).containsExactly("* SEARCH 2");
        }
    }

    @Test
    void fetchModSeqThatEnablesCondstoreReportsHighestModSeqOnce() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            append(c, "a", "Subject: x\r\n\r\n1\r\n");
            c.command("SELECT INBOX").expectOk();
            assertThat(c.command("FETCH 1 MODSEQ").untagged()).anyMatch(l -> l.matches("\\* OK \\[HIGHESTMODSEQ \\d+\\] .*"));
            assertThat(c.command("FETCH 1 MODSEQ").untagged()).noneMatch(l -> l.contains("HIGHESTMODSEQ"));
        }
    }

    @Test
    void sortBySubjectFoldsToUpperCaseSoPunctuationSortsAfterLetters() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            append(c, "a", "Subject: a\r\n\r\n1\r\n");
            append(c, "b", "Subject: _\r\n\r\n2\r\n");
            append(c, "c", "Subject: [xyz]\r\n\r\n3\r\n");
            append(c, "d", "Subject: B\r\n\r\n4\r\n");
            c.command("SELECT INBOX").expectOk();
            // RFC 5256 §3 / RFC 4790 §9.2 i;ascii-casemap: "[" (0x5B) and "_" (0x5F) come after "A".."Z"
            assertThat(c.command("SORT (SUBJECT) US-ASCII ALL").untagged()).containsExactly("* SORT 1 4 3 2");
        }
    }

    @Test
    void recentBelongsToTheFirstRev1SessionThatSelectsTheMailbox() throws Exception {
        try (ImapTestClient a = server.login("alice"); ImapTestClient b = server.login("alice");
             ImapTestClient c = server.login("alice")) {
            append(c, "x", "Subject: 1\r\n\r\n1\r\n");
            append(c, "y", "Subject: 2\r\n\r\n2\r\n");
            assertThat(c.command("STATUS INBOX (RECENT)").untagged()).containsExactly("* STATUS \"INBOX\" (RECENT 2)");
            // RFC 3501 §2.3.2: EXAMINE shows them recent without taking the flag away
            assertThat(b.command("EXAMINE INBOX").untagged()).contains("* 2 RECENT");
            assertThat(a.command("SELECT INBOX").untagged()).contains("* 2 RECENT");
            assertThat(a.command("FETCH 1 FLAGS").untagged()).containsExactly("* 1 FETCH (FLAGS (\\Recent))");
            assertThat(a.command("SEARCH NEW").untagged()).containsExactly("* SEARCH 1 2");
            assertThat(a.command("SEARCH OLD").untagged()).containsExactly("* SEARCH");
            assertThat(c.command("SELECT INBOX").untagged()).contains("* 0 RECENT");
            assertThat(c.command("SEARCH RECENT").untagged()).containsExactly("* SEARCH");
            c.command("CLOSE").expectOk();
            assertThat(c.command("STATUS INBOX (RECENT)").untagged()).containsExactly("* STATUS \"INBOX\" (RECENT 0)");
            append(c, "z", "Subject: 3\r\n\r\n3\r\n");
            assertThat(a.command("NOOP").untagged()).containsSubsequence("* 3 EXISTS", "* 3 RECENT");
            assertThat(a.command("FETCH 3 FLAGS").untagged()).containsExactly("* 3 FETCH (FLAGS (\\Recent))");
        }
    }

    @Test
    void lsubPercentReturnsTheUnsubscribedParentAsNoselect() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            c.command("CREATE q").expectOk();
            c.command("CREATE q/c").expectOk();
            c.command("SUBSCRIBE q/c").expectOk();
            assertThat(c.command("LSUB \"\" %").untagged()).contains("* LSUB (\\Noselect) \"/\" \"q\"");
            assertThat(c.command("LSUB \"\" q/%").untagged()).containsExactly("* LSUB (\\HasNoChildren) \"/\" \"q/c\"");
        }
    }

    @Test
    void aNameThatIsNotModifiedUtf7IsNoAndAsAPatternMatchesNothing() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            c.command("SELECT \"&'+,-.0123\"").expectNo();
            assertThat(c.command("LIST \"\" \"&'+%*\"").expectOk().untagged()).isEmpty();
        }
    }

    @Test
    void binaryPartsOfALiteral8AppendAreStoredInBase64SoBodyHoldsNoNul() throws Exception {
        byte[] head = ("From: user@domain.org\r\nMime-Version: 1.0\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Transfer-Encoding: binary\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] body = {0, '-', (byte) 0xE4, '\n', '\r', '\n', '\n'};
        java.io.ByteArrayOutputStream msg = new java.io.ByteArrayOutputStream();
        msg.writeBytes(head);
        msg.writeBytes(body);
        try (ImapTestClient c = server.login("alice")) {
            c.send("a APPEND INBOX ~{" + msg.size() + "+}\r\n");
            c.sendBytes(msg.toByteArray());
            c.send("\r\n");
            c.readReply("a").expectOk();
            c.command("SELECT INBOX").expectOk();
            // RFC 9051 §4.3: no NUL in a literal; the part is now base64 (RFC 3516 §4.4), as Dovecot stores it
            assertThat(c.command("FETCH 1 BODY.PEEK[1]").all()).contains("BODY[1] {14}").contains("AC3kCg0KCg==");
            assertThat(c.command("FETCH 1 BODY.PEEK[1.MIME]").all()).contains("Content-Transfer-Encoding: base64");
            assertThat(c.command("FETCH 1 BINARY.SIZE[1]").all()).contains("BINARY.SIZE[1] 7");
        }
    }
}
