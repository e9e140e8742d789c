package dev.facteur.smtp.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facteur.store.BlobId;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DsnBuilderTest {

    private static final byte[] ORIGINAL = "Subject: s\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-02-02T02:02:02Z");

    private static OutboundMessage message(Optional<String> sender, boolean utf8) {
        return new OutboundMessage(sender, List.of(new OutboundRecipient("bob@b.test", Optional.empty(), Optional.empty())),
                new BlobId("0".repeat(64)), ORIGINAL.length, Optional.empty(), Optional.empty(), utf8, false, false, NOW);
    }

    private static DsnBuilder.Entry entry(String diagnostic) {
        return new DsnBuilder.Entry(new OutboundRecipient("bob@b.test", Optional.empty(), Optional.of("rfc822;bob@b.test")),
                DsnBuilder.Action.FAILED, "5.1.1", Optional.of("mx.b.test"), diagnostic);
    }

    @Test
    void hostileReplyTextCannotInjectFieldsIntoTheReport() throws Exception {
        byte[] dsn = new DsnBuilder("out.test").build(message(Optional.of("a@a.test"), false), ORIGINAL,
                List.of(entry("550 bad\r\nAction: delivered")), NOW, Optional.empty());
        DsnParser p = DsnParser.parse(dsn);
        assertThat(p.status()).contains("Diagnostic-Code: smtp; 550 bad??Action: delivered", "Original-Recipient: rfc822;bob@b.test");
        assertThat(p.status().lines().filter(l -> l.startsWith("Action:"))).containsExactly("Action: failed");
    }

    @Test
    void internationalisedMessagesGetTheGlobalReportTypes() throws Exception {
        byte[] dsn = new DsnBuilder("out.test").build(message(Optional.of("a@a.test"), true), ORIGINAL,
                List.of(entry("550 no")), NOW, Optional.empty());
        String text = new String(dsn, StandardCharsets.UTF_8);
        assertThat(text).contains("Content-Type: message/global-delivery-status", "Content-Type: message/global",
                "Final-Recipient: utf-8; bob@b.test");
    }

    @Test
    void nullSenderIsRefused() {
        assertThatThrownBy(() -> new DsnBuilder("out.test").build(message(Optional.empty(), false), ORIGINAL,
                List.of(entry("x")), NOW, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }
}
