package dev.facteur.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplyReaderTest {

    private static SmtpReply read(String wire) throws SmtpClientException {
        return new ReplyReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8))).read();
    }

    @Test
    void multiLineReplyKeepsEveryLineAndTheEnhancedStatus() throws Exception {
        SmtpReply r = read("550-5.1.1 No such user\r\n550 5.1.1 here\r\n");
        assertThat(r.code()).isEqualTo(550);
        assertThat(r.status()).contains(EnhancedStatus.of(5, 1, 1));
        assertThat(r.lines()).containsExactly("No such user", "here");
        assertThat(r.isPermanent()).isTrue();
        assertThat(r.summary()).isEqualTo("550 5.1.1 No such user here");
    }

    @Test
    void statusOfAnotherClassThanTheCodeIsTreatedAsText() throws Exception {
        SmtpReply r = read("250 5.1.1 odd\r\n");
        assertThat(r.status()).isEmpty();
        assertThat(r.effectiveStatus()).isEqualTo(EnhancedStatus.of(2, 0, 0));
        assertThat(r.text()).isEqualTo("5.1.1 odd");
    }

    @Test
    void bareCodeWithoutTextIsAccepted() throws Exception {
        assertThat(read("221\r\n").code()).isEqualTo(221);
    }

    @Test
    void codeChangingInsideAReplyIsAProtocolError() {
        assertThatThrownBy(() -> read("250-a\r\n251 b\r\n")).isInstanceOf(SmtpClientException.class)
                .extracting(e -> ((SmtpClientException) e).kind()).isEqualTo(SmtpClientException.Kind.PROTOCOL_ERROR);
    }

    @Test
    void garbageIsAProtocolError() {
        assertThatThrownBy(() -> read("HTTP/1.1 400 Bad Request\r\n")).isInstanceOf(SmtpClientException.class);
        assertThatThrownBy(() -> read("99 x\r\n")).isInstanceOf(SmtpClientException.class);
        assertThatThrownBy(() -> read("250x\r\n")).isInstanceOf(SmtpClientException.class);
    }

    @Test
    void overlongLineIsRefusedWithoutReadingItAll() {
        String wire = "250 " + "x".repeat(ReplyReader.MAX_LINE + 10) + "\r\n";
        assertThatThrownBy(() -> read(wire)).hasMessageContaining("too long");
    }

    @Test
    void endlessMultiLineReplyIsCutOff() {
        String wire = "250-x\r\n".repeat(ReplyReader.MAX_LINES + 5);
        assertThatThrownBy(() -> read(wire)).hasMessageContaining("too many lines");
    }

    @Test
    void closedConnectionIsReportedAsLost() {
        assertThatThrownBy(() -> read("250-partial\r\n")).isInstanceOf(SmtpClientException.class)
                .extracting(e -> ((SmtpClientException) e).kind()).isEqualTo(SmtpClientException.Kind.CONNECTION_LOST);
    }
}
