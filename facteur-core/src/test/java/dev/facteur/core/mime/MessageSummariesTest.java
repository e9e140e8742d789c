package dev.facteur.core.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageSummariesTest {

    private static byte[] msg(String s) {
        return s.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String slice(byte[] raw, long from, long to) {
        return new String(raw, (int) from, (int) (to - from), StandardCharsets.UTF_8);
    }

    // The message behind the ENVELOPE example of RFC 3501 §7.4.2 / RFC 9051 §7.5.2.
    private static final byte[] RFC_EXAMPLE = msg("""
            Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)
            From: Terry Gray <gray@cac.washington.edu>
            Subject: IMAP4rev1 WG mtg summary and minutes
            To: imap@cac.washington.edu
            cc: minutes@CNRI.Reston.VA.US,
             John Klensin <KLENSIN@MIT.EDU>
            Message-Id: <B27397-0100000@cac.washington.edu>
            MIME-Version: 1.0
            Content-Type: TEXT/PLAIN; CHARSET=US-ASCII

            Hello Joe, do you think we can meet at 3:30 tomorrow?
            """);

    @Test
    void envelopeMatchesTheRfcExample() {
        MessageSummary s = MessageSummaries.derive(RFC_EXAMPLE);
        Envelope e = s.envelope();
        assertThat(e.date()).isEqualTo("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)");
        assertThat(e.subject()).isEqualTo("IMAP4rev1 WG mtg summary and minutes");
        assertThat(e.from()).containsExactly(new Address("Terry Gray", null, "gray", "cac.washington.edu"));
        assertThat(e.sender()).isEqualTo(e.from());
        assertThat(e.replyTo()).isEqualTo(e.from());
        assertThat(e.to()).containsExactly(new Address(null, null, "imap", "cac.washington.edu"));
        assertThat(e.cc()).containsExactly(new Address(null, null, "minutes", "CNRI.Reston.VA.US"),
                new Address("John Klensin", null, "KLENSIN", "MIT.EDU"));
        assertThat(e.bcc()).isEmpty();
        assertThat(e.inReplyTo()).isNull();
        assertThat(e.messageId()).isEqualTo("<B27397-0100000@cac.washington.edu>");
        BodyPart.Single body = (BodyPart.Single) s.body();
        assertThat(body.info().type()).isEqualTo("text");
        assertThat(body.info().subtype()).isEqualTo("plain");
        assertThat(body.info().params()).containsExactly(new ContentInfo.Param("CHARSET", "US-ASCII"));
        assertThat(body.bodySize()).isEqualTo(55);
        assertThat(body.lines()).isEqualTo(1);
        assertThat(s.sentDateMillis()).isEqualTo(837595405000L);
    }

    @Test
    void nestedMultipartsAndAttachedMessageHaveExactOffsets() {
        byte[] raw = msg("""
                From: a@example.com
                Subject: nested
                Content-Type: multipart/mixed; boundary="outer"

                preamble
                --outer
                Content-Type: multipart/alternative; boundary=inner

                --inner
                Content-Type: text/plain; charset=utf-8

                plain text
                --inner
                Content-Type: text/html

                <p>html</p>
                --inner--
                --outer
                Content-Type: message/rfc822

                From: b@example.com
                Subject: inside

                inner body
                --outer--
                epilogue
                """);
        MessageSummary s = MessageSummaries.derive(raw);
        BodyPart.Multi mixed = (BodyPart.Multi) s.body();
        assertThat(mixed.info().subtype()).isEqualTo("mixed");
        assertThat(mixed.parts()).hasSize(2);
        BodyPart.Multi alt = (BodyPart.Multi) mixed.parts().get(0);
        assertThat(alt.parts()).hasSize(2);
        BodyPart plain = alt.parts().get(0);
        assertThat(slice(raw, plain.bodyStart(), plain.bodyEnd())).isEqualTo("plain text");
        assertThat(slice(raw, plain.headerStart(), plain.bodyStart()))
                .isEqualTo("Content-Type: text/plain; charset=utf-8\r\n\r\n");
        BodyPart html = alt.parts().get(1);
        assertThat(slice(raw, html.bodyStart(), html.bodyEnd())).isEqualTo("<p>html</p>");
        BodyPart.Message attached = (BodyPart.Message) mixed.parts().get(1);
        assertThat(attached.envelope().subject()).isEqualTo("inside");
        assertThat(attached.body().headerStart()).isEqualTo(attached.bodyStart());
        assertThat(slice(raw, attached.body().bodyStart(), attached.body().bodyEnd())).isEqualTo("inner body");
        assertThat(attached.lines()).isEqualTo(4);
    }

    @Test
    void encodedWordsStayRawInEnvelopeButDecodeForSortKeys() {
        byte[] raw = msg("""
                From: =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>
                Subject: Re: [list] =?UTF-8?B?w6nDqcOp?= (fwd)

                x
                """);
        MessageSummary s = MessageSummaries.derive(raw);
        assertThat(s.envelope().from().getFirst().name()).isEqualTo("=?ISO-8859-1?Q?Andr=E9?= Pirard");
        assertThat(s.fromDisplay()).isEqualTo("andré pirard");
        assertThat(s.fromKey()).isEqualTo("pirard");
        assertThat(s.baseSubject()).isEqualTo("ééé");
    }

    @Test
    void rfc2231ParametersArePassedThroughRaw() {
        byte[] raw = msg("""
                Content-Type: application/x-stuff;
                 title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A
                Content-Disposition: attachment; filename*0="a"; filename*1="b.txt"

                data
                """);
        ContentInfo info = MessageSummaries.derive(raw).body().info();
        assertThat(info.params()).containsExactly(new ContentInfo.Param("title*", "us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A"));
        assertThat(info.disposition()).isEqualTo("attachment");
        assertThat(info.dispositionParams()).extracting(ContentInfo.Param::name).containsExactly("filename*0", "filename*1");
    }

    @Test
    void eightBitUtf8HeadersAreReadAsUtf8() {
        byte[] raw = msg("From: Jöran <jöran@exämple.org>\nSubject: Grüße\n\nx\n");
        MessageSummary s = MessageSummaries.derive(raw);
        assertThat(s.envelope().subject()).isEqualTo("Grüße");
        assertThat(s.envelope().from().getFirst()).isEqualTo(new Address("Jöran", null, "jöran", "exämple.org"));
    }

    @Test
    void multipartWithoutItsBoundaryBecomesOnePlainPart() {
        byte[] raw = msg("Content-Type: multipart/mixed; boundary=zzz\n\nno delimiter here\n");
        BodyPart.Multi m = (BodyPart.Multi) MessageSummaries.derive(raw).body();
        assertThat(m.parts()).hasSize(1);
        assertThat(slice(raw, m.parts().getFirst().bodyStart(), m.parts().getFirst().bodyEnd()))
                .isEqualTo("no delimiter here\r\n");
    }

    @Test
    void missingCloseDelimiterRunsTheLastPartToTheEnd() {
        byte[] raw = msg("Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b\n\ntwo\n");
        BodyPart.Multi m = (BodyPart.Multi) MessageSummaries.derive(raw).body();
        assertThat(m.parts()).hasSize(2);
        assertThat(slice(raw, m.parts().get(1).bodyStart(), m.parts().get(1).bodyEnd())).isEqualTo("two\r\n");
    }

    @Test
    void digestPartsDefaultToMessageRfc822() {
        byte[] raw = msg("Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: one\n\nbody\n--d--\n");
        BodyPart.Multi m = (BodyPart.Multi) MessageSummaries.derive(raw).body();
        assertThat(m.parts().getFirst()).isInstanceOf(BodyPart.Message.class);
        assertThat(((BodyPart.Message) m.parts().getFirst()).envelope().subject()).isEqualTo("one");
    }

    @Test
    void groupsAndUndisclosedRecipientsUseGroupMarkers() {
        byte[] raw = msg("To: undisclosed-recipients:;\nCc: Team: a@x.org, \"B, Jr\" <b@y.org>;\n\n");
        Envelope e = MessageSummaries.derive(raw).envelope();
        assertThat(e.to()).containsExactly(Address.groupStart("undisclosed-recipients"), Address.groupEnd());
        assertThat(e.cc()).containsExactly(Address.groupStart("Team"), new Address(null, null, "a", "x.org"),
                new Address("B, Jr", null, "b", "y.org"), Address.groupEnd());
    }

    @Test
    void threadKeyIsSharedByAMessageAndItsReplies() {
        MessageSummary original = MessageSummaries.derive(msg("Message-ID: <1@x>\nSubject: hi\n\n"));
        MessageSummary reply = MessageSummaries.derive(msg("Message-ID: <2@x>\nIn-Reply-To: <1@x>\nReferences: <1@x>\nSubject: Re: hi\n\n"));
        MessageSummary replyToReply = MessageSummaries.derive(msg("Message-ID: <3@x>\nReferences: <1@x>\n <2@x>\n\n"));
        assertThat(reply.threadKey()).isEqualTo(original.threadKey()).isEqualTo(replyToReply.threadKey());
        assertThat(replyToReply.references()).containsExactly("<1@x>", "<2@x>");
        assertThat(reply.baseSubject()).isEqualTo("hi");
    }

    @Test
    void headerOnlyMessageHasAnEmptyBody() {
        byte[] raw = msg("Subject: only headers\n");
        MessageSummary s = MessageSummaries.derive(raw);
        assertThat(s.body().bodyStart()).isEqualTo(raw.length);
        assertThat(s.body().bodySize()).isZero();
    }

    @Test
    void summaryRoundTripsThroughTheCodec() {
        MessageSummary s = MessageSummaries.derive(RFC_EXAMPLE);
        assertThat(MessageSummaries.decode(MessageSummaries.encode(s))).isEqualTo(s);
        byte[] nested = msg("Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: message/rfc822\n\nSubject: in\nContent-Type: multipart/alternative; boundary=i\n\n--i\n\na\n--i--\n--o--\n");
        MessageSummary n = MessageSummaries.derive(nested);
        assertThat(MessageSummaries.decode(MessageSummaries.encode(n))).isEqualTo(n);
    }

    @Test
    void randomAndTruncatedInputNeverThrows() {
        Random random = new Random(42);
        byte[] base = msg("Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: message/rfc822\n\nFrom: (x <y@\nSubject: =?utf-8?q?bad\n\n--o--\n");
        for (int i = 0; i < 2000; i++) {
            byte[] b = java.util.Arrays.copyOf(base, random.nextInt(base.length + 1));
            for (int j = 0; j < 3 && b.length > 0; j++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            MessageSummary s = MessageSummaries.derive(b);
            assertThat(MessageSummaries.decode(MessageSummaries.encode(s))).isEqualTo(s);
            assertThat(s.body().bodyEnd()).isLessThanOrEqualTo(b.length);
        }
    }

    @Test
    void deepNestingIsBounded() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            b.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\n\n--b").append(i).append('\n');
        }
        b.append("\nleaf\n");
        MessageSummary s = MessageSummaries.derive(msg(b.toString()));
        int depth = 0;
        BodyPart p = s.body();
        while (p instanceof BodyPart.Multi m) {
            p = m.parts().getFirst();
            depth++;
        }
        assertThat(depth).isLessThanOrEqualTo(MimeTreeParser.MAX_DEPTH);
        assertThat(MessageSummaries.decode(MessageSummaries.encode(s))).isEqualTo(s);
    }

    @Test
    void base64TextIsDecodedForSearch() {
        byte[] raw = msg("Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n\nY2Fm6Q==\n");
        MessageSummary s = MessageSummaries.derive(raw);
        assertThat(MessageText.searchableBody(raw, s.body(), 1000)).contains("café");
        assertThat(MessageText.decodeTransfer(raw, s.body())).hasValueSatisfying(v -> assertThat(v).hasSize(4));
    }
}
