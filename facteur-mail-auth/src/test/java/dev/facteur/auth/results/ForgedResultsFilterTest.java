package dev.facteur.auth.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ForgedResultsFilterTest {

    private final ForgedResultsFilter filter = new ForgedResultsFilter("mx.example.net");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private String strip(String message) {
        return new String(filter.strip(bytes(message)), StandardCharsets.ISO_8859_1);
    }

    @Test
    void messageWithoutOurResultsIsReturnedAsTheSameArray() {
        byte[] raw = bytes("From: a@example.org\r\nAuthentication-Results: other.example; spf=pass\r\n"
                + "Subject: hi\r\n\r\nAuthentication-Results: mx.example.net; body line\r\n");
        assertThat(filter.strip(raw)).isSameAs(raw);
    }

    @Test
    void fieldClaimingOurAuthservIdIsRemovedAndTheRestKeptExactly() {
        assertThat(strip("From: a@example.org\r\nAuthentication-Results: mx.example.net; dkim=pass\r\nSubject: hi\r\n\r\nbody\r\n"))
                .isEqualTo("From: a@example.org\r\nSubject: hi\r\n\r\nbody\r\n");
    }

    @Test
    void foldedFieldWithCommentAndOtherCaseIsRecognisedAsOurs() {
        assertThat(strip("authentication-RESULTS :\r\n (forged) \"MX.Example.NET\";\r\n\tspf=pass\r\nSubject: x\r\n\r\nb"))
                .isEqualTo("Subject: x\r\n\r\nb");
    }

    @Test
    void bareLineFeedMessageStillHasOurFieldRemoved() {
        assertThat(strip("Authentication-Results: mx.example.net; spf=pass\nSubject: x\n\nbody\n"))
                .isEqualTo("Subject: x\r\n\r\nbody\r\n");
    }

    @Test
    void foreignFieldWhoseValueMentionsOurNameLaterIsKept() {
        byte[] raw = bytes("Authentication-Results: other.example; x=mx.example.net\r\n\r\n");
        assertThat(filter.strip(raw)).isSameAs(raw);
    }

    @Test
    void messageWithoutBodySeparatorIsHandled() {
        assertThat(strip("Subject: x\r\nAuthentication-Results: mx.example.net; none")).isEqualTo("Subject: x\r\n");
    }
}
