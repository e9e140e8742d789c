package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Cases Dovecot's imaptest compliance scripts caught: message/rfc822 part numbers, SENT* in the Date's zone. */
class SectionAndDateSemanticsTest extends ImapServerTest {

    @Test
    void partOneOfATopLevelMessageRfc822IsTheWholeEncapsulatedMessage() throws Exception {
        String inner = "From: sub@domain.org\r\nSubject: submsg\r\n\r\nHello world\r\n";
        String outer = "From: user@domain.org\r\nMime-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n" + inner;
        try (ImapTestClient c = server.login("alice")) {
            append(c, "a", outer);
            c.command("SELECT INBOX").expectOk();
            assertThat(c.command("FETCH 1 BODY.PEEK[1]").all()).contains("BODY[1] {" + inner.length() + "}");
            assertThat(c.command("FETCH 1 BODY.PEEK[1.1]").all()).contains("BODY[1.1] {13}");
            assertThat(c.command("FETCH 1 BODY.PEEK[1.HEADER]").all())
                    .contains("BODY[1.HEADER] {" + "From: sub@domain.org\r\nSubject: submsg\r\n\r\n".length() + "}");
            assertThat(c.command("FETCH 1 BODY.PEEK[2]").all()).contains("BODY[2] \"\"");
        }
    }

    @Test
    void sentOnComparesTheDayInTheDateHeadersOwnZone() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            // 00:30 on the 25th at +0300 is still the 24th in UTC: the day counts where the Date was written.
            append(c, "a", "Date: Sat, 24 Mar 2007 23:30:00 +0300\r\nSubject: late\r\n\r\nx\r\n");
            append(c, "b", "Date: Sun, 25 Mar 2007 00:30:00 +0300 (EEST)\r\nSubject: early\r\n\r\nx\r\n");
            c.command("SELECT INBOX").expectOk();
            assertThat(c.command("SEARCH SENTON 24-Mar-2007").untagged()).containsExactly("* SEARCH 1");
            assertThat(c.command("SEARCH SENTON 25-Mar-2007").untagged()).containsExactly("* SEARCH 2");
            assertThat(c.command("SEARCH SENTBEFORE 25-Mar-2007").untagged()).containsExactly("* SEARCH 1");
        }
    }
}
