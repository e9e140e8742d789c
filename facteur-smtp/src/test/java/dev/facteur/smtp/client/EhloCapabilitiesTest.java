package dev.facteur.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EhloCapabilitiesTest {

    @Test
    void extensionsAreRecognisedWithTheirParameters() {
        SmtpReply r = new SmtpReply(250, Optional.empty(), List.of("mx.example.com hello", "PIPELINING",
                "SIZE 35882577", "8BITMIME", "smtputf8", "CHUNKING", "DSN", "STARTTLS", "REQUIRETLS",
                "ENHANCEDSTATUSCODES", "AUTH PLAIN login", "X-UNKNOWN whatever"));
        EhloCapabilities c = EhloCapabilities.parse(r);
        assertThat(c.serverName()).isEqualTo("mx.example.com");
        assertThat(c.pipelining()).isTrue();
        assertThat(c.maxSize()).hasValue(35882577);
        assertThat(c.eightBitMime() && c.smtpUtf8() && c.chunking() && c.dsn() && c.startTls() && c.requireTls()
                && c.enhancedStatusCodes()).isTrue();
        assertThat(c.authMechanisms()).containsExactlyInAnyOrder("PLAIN", "LOGIN");
    }

    @Test
    void sizeZeroOrMalformedMeansNoFixedLimit() {
        assertThat(EhloCapabilities.parse(new SmtpReply(250, Optional.empty(), List.of("x", "SIZE 0"))).maxSize()).isEmpty();
        EhloCapabilities bad = EhloCapabilities.parse(new SmtpReply(250, Optional.empty(), List.of("x", "SIZE=12x")));
        assertThat(bad.sizeOffered()).isTrue();
        assertThat(bad.maxSize()).isEmpty();
    }

    @Test
    void singleLineEhloOffersNothing() {
        EhloCapabilities c = EhloCapabilities.parse(new SmtpReply(250, Optional.empty(), List.of("tiny.example")));
        assertThat(c.pipelining() || c.startTls() || c.dsn()).isFalse();
    }
}
