package dev.facteur.pop3.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class Pop3ResponseWriterTest {

    private static String write(Pop3Response r) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        new Pop3ResponseWriter(sink).write(r);
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void statusLinesCarryTheirResponseCodeInBrackets() throws IOException {
        assertThat(write(Pop3Response.Status.ok("2 320"))).isEqualTo("+OK 2 320\r\n");
        assertThat(write(Pop3Response.Status.ok(""))).isEqualTo("+OK\r\n");
        assertThat(write(Pop3Response.Status.err(ResponseCode.IN_USE, "maildrop locked")))
                .isEqualTo("-ERR [IN-USE] maildrop locked\r\n");
        assertThat(write(Pop3Response.Status.err(ResponseCode.SYS_TEMP, "x"))).isEqualTo("-ERR [SYS/TEMP] x\r\n");
    }

    @Test
    void replyTextCannotInjectALine() {
        assertThatThrownBy(() -> Pop3Response.Status.err("a\r\n+OK b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pop3Response.MultiLine(Pop3Response.Status.ok(""), List.of("x\ny")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pop3Response.Continuation("a b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void multiLineRepliesAreStuffedAndTerminated() throws IOException {
        Pop3Response r = new Pop3Response.MultiLine(Pop3Response.Status.ok("list"), List.of("1 120", ".odd"));
        assertThat(write(r)).isEqualTo("+OK list\r\n1 120\r\n..odd\r\n.\r\n");
    }

    @Test
    void continuationIsPlusSpaceBase64() throws IOException {
        assertThat(write(new Pop3Response.Continuation(""))).isEqualTo("+ \r\n");
        assertThat(write(new Pop3Response.Continuation("cj1h"))).isEqualTo("+ cj1h\r\n");
    }

    @Test
    void messagesAreStreamedAfterTheirStatus() throws IOException {
        byte[] msg = "Subject: a\r\n\r\n.body\r\nmore\r\n".getBytes(StandardCharsets.US_ASCII);
        Pop3Response.Message r = new Pop3Response.Message(Pop3Response.Status.ok(msg.length + " octets"),
                () -> new ByteArrayInputStream(msg), OptionalInt.empty());
        assertThat(write(r)).isEqualTo("+OK 27 octets\r\nSubject: a\r\n\r\n..body\r\nmore\r\n.\r\n");
        Pop3Response.Message top = new Pop3Response.Message(Pop3Response.Status.ok(""),
                () -> new ByteArrayInputStream(msg), OptionalInt.of(0));
        assertThat(write(top)).isEqualTo("+OK\r\nSubject: a\r\n\r\n.\r\n");
    }

    @Test
    void unreadableMessageWritesNothing() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Pop3Response.Message r = new Pop3Response.Message(Pop3Response.Status.ok(""), () -> {
            throw new FileNotFoundException("gone");
        }, OptionalInt.empty());
        assertThatThrownBy(() -> new Pop3ResponseWriter(sink).write(r)).isInstanceOf(FileNotFoundException.class);
        assertThat(sink.size()).isZero();
    }
}
