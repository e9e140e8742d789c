package dev.facteur.smtp.outbound;

import static dev.facteur.smtp.outbound.DeliveryHarness.rcpt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery to Postfix's own SMTP server code (smtp-sink) as the remote MX. */
class PostfixInteropTest {

    private static final String BODY = "From: alice@a.test\r\nSubject: to postfix\r\n\r\n.dot line\r\nbody\r\n";

    @TempDir
    Path dir;
    private DeliveryHarness h;

    @BeforeEach
    void world() {
        h = new DeliveryHarness(dir.resolve("store"));
        h.dns.mx("pf.test", 10, "mx.pf.test").a("mx.pf.test", "127.0.0.4");
    }

    @AfterEach
    void close() {
        h.close();
    }

    private DeliverySettings to(SmtpSink sink) {
        DeliverySettings b = h.settings();
        return new DeliverySettings(b.hostname(), sink.port, b.lifetime(), Optional.empty(), Optional.empty(), Map.of(),
                8, 4, b.destinationWait(), b.lease(), b.pollInterval(), false, false, false, b.client(), "node-a");
    }

    @Test
    void postfixReceivesThePipelinedMessageWithItsDsnParameters() throws Exception {
        try (SmtpSink sink = SmtpSink.start("127.0.0.4", dir)) {
            var blob = h.store.blobs().put(BODY.getBytes());
            h.store.queue().enqueue(new OutboundMessage(Optional.of("alice@a.test"), List.of(
                    new OutboundRecipient("bob@pf.test", Optional.of("SUCCESS,FAILURE"), Optional.of("rfc822;bob@pf.test")),
                    new OutboundRecipient("carol@pf.test", Optional.empty(), Optional.empty())), blob, BODY.length(),
                    Optional.of("HDRS"), Optional.of("id42"), false, false, false, h.clock.instant()));
            h.service(to(sink)).deliverDue();
            assertThat(h.store.queue().size()).isZero();
            assertThat(sink.messages()).singleElement().satisfies(m -> {
                assertThat(m).contains("X-Mail-Args: <alice@a.test> RET=HDRS ENVID=id42");
                assertThat(m).contains("X-Rcpt-Args: <bob@pf.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@pf.test");
                assertThat(m).contains("X-Rcpt-Args: <carol@pf.test>");
                assertThat(m).contains("X-Helo-Args: out.facteur.test");
                assertThat(m.replace("\r\n", "\n")).contains(BODY.replace("\r\n", "\n"));
            });
            assertThat(h.dsns).as("Postfix offers DSN, so success is its to report").isEmpty();
        }
    }

    @Test
    void postfixRefusingRecipientsBouncesToTheSender() throws Exception {
        try (SmtpSink sink = SmtpSink.start("127.0.0.4", dir, "-f", "RCPT")) {
            h.enqueue("alice@a.test", BODY, rcpt("bob@pf.test"));
            h.service(to(sink)).deliverDue();
            assertThat(sink.messages()).isEmpty();
            DsnParser dsn = DsnParser.parse(h.dsns.getFirst().message());
            assertThat(dsn.status()).contains("Action: failed", "Remote-MTA: dns; mx.pf.test", "Diagnostic-Code: smtp; 5");
        }
    }

    @Test
    void postfixDeferringDataIsRetriedLater() {
        try (SmtpSink sink = SmtpSink.start("127.0.0.4", dir, "-r", "DATA")) {
            var q = h.enqueue("alice@a.test", BODY, rcpt("bob@pf.test"));
            h.service(to(sink)).deliverDue();
            assertThat(h.store.queue().find(q.id()).orElseThrow().lastError()).startsWith("4");
            assertThat(h.dsns).isEmpty();
        }
    }
}
