package dev.facteur.smtp.outbound;

import static dev.facteur.smtp.outbound.DeliveryHarness.rcpt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.core.mail.Domain;
import dev.facteur.store.QueuedMessage;
import dev.facteur.store.RecipientState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryServiceTest {

    private static final String BODY = "From: alice@a.test\r\nTo: bob@b.test\r\nSubject: hello\r\n\r\nHi Bob.\r\n";

    @TempDir
    Path dir;
    private DeliveryHarness h;

    @BeforeEach
    void world() {
        h = new DeliveryHarness(dir);
        h.dns.mx("b.test", 10, "mx1.b.test").mx("b.test", 20, "mx2.b.test")
                .a("mx1.b.test", "127.0.0.2").a("mx2.b.test", "127.0.0.3")
                .mx("c.test", 10, "mx.c.test").a("mx.c.test", "127.0.0.3");
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void recipientsAreGroupedPerDomainAndSentToTheLowestPreferenceMx() {
        h.enqueue("alice@a.test", BODY, rcpt("x@b.test"), rcpt("y@b.test"), rcpt("z@c.test"));
        assertThat(h.service(h.settings()).deliverDue()).isEqualTo(1);
        assertThat(h.peer2.received()).singleElement().satisfies(r -> {
            assertThat(r.rcptTo()).containsExactly("x@b.test", "y@b.test");
            assertThat(r.mailFrom()).isEqualTo("alice@a.test");
            assertThat(r.mailParams()).contains("SIZE=" + BODY.length());
            assertThat(r.pipelined()).isTrue();
            assertThat(r.text()).isEqualTo(BODY);
        });
        assertThat(h.peer3.received()).singleElement().satisfies(r -> assertThat(r.rcptTo()).containsExactly("z@c.test"));
        assertThat(h.store.queue().size()).isZero();
        assertThat(h.counter("facteur.outbound.recipients", "outcome", "delivered")).isEqualTo(3);
        assertThat(h.dsns).isEmpty();
    }

    @Test
    void consecutiveMessagesToOneHostShareOneSession() {
        DeliveryService s = h.service(h.settings());
        for (int i = 0; i < 3; i++) {
            h.enqueue("alice@a.test", BODY, rcpt("x" + i + "@b.test"));
            s.deliverDue();
        }
        assertThat(h.peer2.received()).hasSize(3);
        assertThat(h.peer2.connections()).isEqualTo(1);
        assertThat(h.peer2.commands().stream().filter(c -> c.startsWith("EHLO"))).hasSize(1);
    }

    @Test
    void idleSessionClosedByThePeerIsReplacedWithoutLosingTheMessage() {
        DeliveryService s = h.service(h.settings());
        h.enqueue("alice@a.test", BODY, rcpt("x@b.test"));
        s.deliverDue();
        h.peer2.dropConnections();
        h.enqueue("alice@a.test", BODY, rcpt("y@b.test"));
        s.deliverDue();
        assertThat(h.peer2.received()).hasSize(2);
        assertThat(h.peer2.connections()).isEqualTo(2);
        assertThat(h.peer3.received()).isEmpty();
        assertThat(h.store.queue().size()).isZero();
    }

    @Test
    void unreachableFirstMxFallsBackToTheNext() {
        h.dns.remove("mx1.b.test").a("mx1.b.test", "127.0.0.9");
        h.enqueue("alice@a.test", BODY, rcpt("x@b.test"));
        h.service(h.settings()).deliverDue();
        assertThat(h.peer3.received()).singleElement();
        assertThat(h.store.queue().size()).isZero();
    }

    @Test
    void temporaryFailureIsRetriedOnScheduleThenDelivered() {
        h.peer2.dataReplies.add("451 4.3.0 Busy, try later");
        QueuedMessage q = h.enqueue("alice@a.test", BODY, rcpt("x@b.test"));
        DeliveryService s = h.service(h.settings());
        s.deliverDue();
        QueuedMessage after = h.store.queue().find(q.id()).orElseThrow();
        assertThat(after.attempts()).isEqualTo(1);
        assertThat(after.lastError()).contains("451 4.3.0");
        assertThat(after.nextAttempt()).isEqualTo(h.clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(s.deliverDue()).as("not due yet").isZero();
        h.clock.advance(Duration.ofMinutes(5));
        assertThat(s.deliverDue()).isEqualTo(1);
        assertThat(h.peer2.received()).singleElement();
        assertThat(h.store.queue().size()).isZero();
        assertThat(h.dsns).isEmpty();
    }

    @Test
    void permanentFailureBouncesAnRfc3464ReportToTheSender() throws Exception {
        h.peer2.rcptReply = r -> r.startsWith("nobody") ? "550 5.1.1 No such user here" : "250 2.1.5 OK";
        h.enqueue("alice@a.test", BODY, rcpt("nobody@b.test"), rcpt("x@b.test"));
        h.service(h.settings()).deliverDue();
        assertThat(h.peer2.received()).singleElement().satisfies(r -> assertThat(r.rcptTo()).containsExactly("x@b.test"));
        assertThat(h.dsns).singleElement().satisfies(d -> assertThat(d.recipient()).isEqualTo("alice@a.test"));
        DsnParser dsn = DsnParser.parse(h.dsns.getFirst().message());
        assertThat(dsn.contentType()).contains("multipart/report").contains("report-type=delivery-status");
        assertThat(dsn.status()).contains("Reporting-MTA: dns; out.facteur.test", "Final-Recipient: rfc822; nobody@b.test",
                "Action: failed", "Status: 5.1.1", "Remote-MTA: dns; mx1.b.test",
                "Diagnostic-Code: smtp; 550 5.1.1 No such user here").doesNotContain("x@b.test");
        assertThat(dsn.returnedType()).startsWith("message/rfc822");
        assertThat(dsn.returned()).isEqualTo(BODY);
        assertThat(new String(h.dsns.getFirst().message())).contains("Auto-Submitted: auto-replied");
        assertThat(h.store.queue().size()).isZero();
    }

    @Test
    void bounceReturnsOnlyHeadersWhenRetHdrsWasAsked() throws Exception {
        h.peer2.rcptReply = r -> "550 5.1.1 No such user";
        byte[] bytes = BODY.getBytes();
        var blob = h.store.blobs().put(bytes);
        h.store.queue().enqueue(new dev.facteur.store.OutboundMessage(Optional.of("alice@a.test"),
                java.util.List.of(rcpt("x@b.test")), blob, bytes.length, Optional.of("HDRS"), Optional.of("env123"),
                false, false, false, h.clock.instant()));
        h.service(h.settings()).deliverDue();
        DsnParser dsn = DsnParser.parse(h.dsns.getFirst().message());
        assertThat(dsn.returnedType()).startsWith("text/rfc822-headers");
        assertThat(dsn.returned()).contains("Subject: hello").doesNotContain("Hi Bob");
        assertThat(dsn.status()).contains("Original-Envelope-Id: env123");
    }

    @Test
    void nullSenderNeverGetsABounce() {
        h.peer2.rcptReply = r -> "550 5.1.1 No such user";
        h.enqueue(null, BODY, rcpt("x@b.test"));
        h.service(h.settings()).deliverDue();
        assertThat(h.dsns).isEmpty();
        assertThat(h.store.queue().size()).isZero();
        assertThat(h.counter("facteur.outbound.recipients", "outcome", "bounced")).isEqualTo(1);
    }

    @Test
    void notifyNeverSuppressesTheBounce() {
        h.peer2.rcptReply = r -> "550 5.1.1 No such user";
        h.enqueue("alice@a.test", BODY, rcpt("x@b.test", "NEVER"));
        h.service(h.settings()).deliverDue();
        assertThat(h.dsns).isEmpty();
    }

    @Test
    void nullMxFailsAtOnceWithoutConnecting() throws Exception {
        h.dns.mx("nomail.test", 0, ".");
        h.enqueue("alice@a.test", BODY, rcpt("x@nomail.test"));
        h.service(h.settings()).deliverDue();
        assertThat(h.peer2.connections() + h.peer3.connections()).isZero();
        assertThat(DsnParser.parse(h.dsns.getFirst().message()).status()).contains("Status: 5.1.10", "556");
    }

    @Test
    void nonexistentDomainBounces() throws Exception {
        h.enqueue("alice@a.test", BODY, rcpt("x@nxdomain.test"));
        h.service(h.settings()).deliverDue();
        assertThat(DsnParser.parse(h.dsns.getFirst().message()).status()).contains("Status: 5.1.2");
    }

    @Test
    void domainWithoutMxIsItsOwnImplicitMx() {
        h.dns.a("implicit.test", "127.0.0.3");
        h.enqueue("alice@a.test", BODY, rcpt("x@implicit.test"));
        h.service(h.settings()).deliverDue();
        assertThat(h.peer3.received()).singleElement();
    }

    @Test
    void destinationDownLongerThanTheLifetimeBouncesAsExpired() throws Exception {
        h.dns.remove("mx1.b.test").remove("mx2.b.test").a("mx1.b.test", "127.0.0.9").a("mx2.b.test", "127.0.0.9");
        QueuedMessage q = h.enqueue("alice@a.test", BODY, rcpt("x@b.test"));
        DeliveryService s = h.service(h.settings());
        int attempts = 0;
        while (h.store.queue().find(q.id()).isPresent() && attempts < 200) {
            s.deliverDue();
            attempts++;
            h.clock.advance(Duration.ofHours(2));
        }
        assertThat(h.store.queue().find(q.id())).isEmpty();
        assertThat(attempts).isBetween(55, 65);
        DsnParser dsn = DsnParser.parse(h.dsns.getFirst().message());
        assertThat(dsn.status()).contains("Action: failed", "Status: 5.4.7", "Connection failed");
        assertThat(h.counter("facteur.outbound.recipients", "outcome", "expired")).isEqualTo(1);
    }

    @Test
    void delayWarningIsSentOnceWhenConfigured() throws Exception {
        h.peer2.mailReply = "451 4.3.0 Not now";
        h.peer3.mailReply = "451 4.3.0 Not now";
        DeliverySettings base = h.settings();
        DeliverySettings warn = new DeliverySettings(base.hostname(), base.port(), base.lifetime(),
                Optional.of(Duration.ofHours(4)), Optional.empty(), Map.of(), 8, 4, base.destinationWait(),
                base.lease(), base.pollInterval(), false, true, true, base.client(), "node-a");
        h.enqueue("alice@a.test", BODY, rcpt("x@b.test"));
        DeliveryService s = h.service(warn);
        for (int i = 0; i < 6; i++) {
            s.deliverDue();
            h.clock.advance(Duration.ofHours(1));
        }
        assertThat(h.dsns).singleElement();
        DsnParser dsn = DsnParser.parse(h.dsns.getFirst().message());
        assertThat(dsn.subject()).contains("Delayed");
        assertThat(dsn.status()).contains("Action: delayed", "Status: 4.3.0", "Will-Retry-Until:");
        assertThat(h.store.queue().size()).isEqualTo(1);
    }

    @Test
    void successNotifyToAPeerWithoutDsnGivesARelayedNotice() throws Exception {
        h.peer2.extensions.remove("DSN");
        h.enqueue("alice@a.test", BODY, rcpt("x@b.test", "SUCCESS"));
        h.service(h.settings()).deliverDue();
        assertThat(h.peer2.received()).singleElement().satisfies(r -> assertThat(r.rcptParams()).containsExactly(""));
        DsnParser dsn = DsnParser.parse(h.dsns.getFirst().message());
        assertThat(dsn.status()).contains("Action: relayed", "Status: 2.0.0");
        assertThat(h.counter("facteur.outbound.recipients", "outcome", "relayed")).isEqualTo(1);
    }

    @Test
    void dsnParametersAreHandedOnToAPeerWithDsn() {
        var blob = put(BODY);
        h.store.queue().enqueue(new dev.facteur.store.OutboundMessage(Optional.of("alice@a.test"),
                java.util.List.of(new dev.facteur.store.OutboundRecipient("x@b.test", Optional.of("SUCCESS,FAILURE"),
                        Optional.of("rfc822;x@b.test"))), blob, BODY.length(), Optional.of("HDRS"), Optional.of("abc"),
                false, false, false, h.clock.instant()));
        h.service(h.settings()).deliverDue();
        assertThat(h.peer2.received()).singleElement().satisfies(r -> {
            assertThat(r.mailParams()).contains("RET=HDRS", "ENVID=abc");
            assertThat(r.rcptParams()).containsExactly("NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;x@b.test");
        });
        assertThat(h.dsns).as("the final MTA reports success, not us").isEmpty();
    }

    @Test
    void messageLargerThanThePeerAcceptsBouncesWithoutSendingIt() throws Exception {
        h.peer2.extensions.remove("SIZE 10000000");
        h.peer2.extensions.add("SIZE 10");
        h.enqueue("alice@a.test", BODY, rcpt("x@b.test"));
        h.service(h.settings()).deliverDue();
        assertThat(h.peer2.commands()).noneMatch(c -> c.startsWith("MAIL"));
        assertThat(DsnParser.parse(h.dsns.getFirst().message()).status()).contains("Status: 5.3.4");
    }

    @Test
    void perDomainRouteOverridesTheMx() {
        DeliverySettings b = h.settings();
        DeliverySettings routed = new DeliverySettings(b.hostname(), b.port(), b.lifetime(), Optional.empty(),
                Optional.empty(), Map.of(new Domain("b.test"), Relay.to("127.0.0.3", h.port())), 8, 4,
                b.destinationWait(), b.lease(), b.pollInterval(), false, true, true, b.client(), "node-a");
        h.enqueue("alice@a.test", BODY, rcpt("x@sub.b.test"), rcpt("y@b.test"));
        h.service(routed).deliverDue();
        assertThat(h.peer2.received()).isEmpty();
        assertThat(h.peer3.received()).hasSize(2);
    }

    @Test
    void slowDestinationUsesOnlyItsOwnSlots() {
        h.dns.mx("slow.test", 10, "mx.slow.test").a("mx.slow.test", "127.0.0.2");
        h.peer2.stallAfterData = true;
        DeliverySettings b = h.settings();
        DeliverySettings one = new DeliverySettings(b.hostname(), b.port(), b.lifetime(), Optional.empty(),
                Optional.empty(), Map.of(), 8, 1, Duration.ZERO, b.lease(), b.pollInterval(), false, true, true,
                dev.facteur.smtp.client.SmtpClientSettings.uniform(Duration.ofSeconds(1)), "node-a");
        QueuedMessage s1 = h.enqueue("alice@a.test", BODY, rcpt("x@slow.test"));
        QueuedMessage s2 = h.enqueue("alice@a.test", BODY, rcpt("y@slow.test"));
        h.enqueue("alice@a.test", BODY, rcpt("z@c.test"));
        assertThat(h.service(one).deliverDue()).isEqualTo(3);
        assertThat(h.peer3.received()).singleElement();
        assertThat(h.peer2.connections()).as("one session at a time to slow.test").isEqualTo(1);
        String e1 = h.store.queue().find(s1.id()).orElseThrow().lastError();
        String e2 = h.store.queue().find(s2.id()).orElseThrow().lastError();
        assertThat(e1 + " | " + e2).contains("4.4.5 Too many deliveries to slow.test").contains("4.4.2 Timed out");
    }

    @Test
    void queueAdminHoldsReleasesRetriesAndDeletes() {
        h.peer2.mailReply = "451 4.3.0 Not now";
        h.peer3.mailReply = "451 4.3.0 Not now";
        QueuedMessage q = h.enqueue("alice@a.test", BODY, rcpt("x@b.test"));
        DeliveryService s = h.service(h.settings());
        QueueAdmin admin = new QueueAdmin(h.store.queue(), h.store.blobs(), s::wake);
        assertThat(admin.hold(q.id())).isTrue();
        assertThat(s.deliverDue()).isZero();
        assertThat(admin.list(10)).singleElement().satisfies(e -> assertThat(e.held()).isTrue());
        assertThat(admin.release(q.id())).isTrue();
        s.deliverDue();
        QueueAdmin.Detail d = admin.show(q.id()).orElseThrow();
        assertThat(d.entry().attempts()).isEqualTo(1);
        assertThat(d.headers()).contains("Subject: hello").doesNotContain("Hi Bob");
        assertThat(d.recipients()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RecipientState.Status.PENDING));
        h.peer2.mailReply = "250 2.1.0 OK";
        assertThat(admin.retry(q.id())).isTrue();
        s.deliverDue();
        assertThat(admin.show(q.id())).isEmpty();
        QueuedMessage other = h.enqueue("alice@a.test", BODY, rcpt("x@b.test"));
        assertThat(admin.delete(other.id())).isTrue();
        assertThat(admin.size()).isZero();
        assertThat(admin.retry(424242)).isFalse();
        assertThat(h.meters.find("facteur.outbound.queue.size").gauge().value()).isZero();
    }

    private dev.facteur.store.BlobId put(String body) {
        try {
            return h.store.blobs().put(body.getBytes());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
