package dev.facteur.smtp.outbound;

import static dev.facteur.smtp.outbound.DeliveryHarness.rcpt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.smtp.client.TestCerts;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundQueue;
import dev.facteur.store.QueuedMessage;
import dev.facteur.store.RecipientOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node that dies mid-delivery loses nothing: its lease runs out and another node delivers. */
class CrashRecoveryTest {

    private static final String BODY = "Subject: important\r\n\r\nDo not lose me.\r\n";

    @TempDir
    Path dir;
    private DeliveryHarness h;

    @BeforeEach
    void world() {
        h = new DeliveryHarness(dir);
        h.dns.mx("b.test", 10, "mx.b.test").a("mx.b.test", "127.0.0.2");
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void messageClaimedByADeadNodeIsDeliveredAfterItsLease() {
        QueuedMessage q = h.enqueue("alice@a.test", BODY, rcpt("x@b.test"));
        assertThat(h.store.queue().claim("dead-node", h.clock.instant(), 10, 600)).hasSize(1);
        DeliveryService survivor = h.service(h.settings());
        assertThat(survivor.deliverDue()).as("still leased to the dead node").isZero();
        h.clock.advance(Duration.ofSeconds(601));
        assertThat(survivor.deliverDue()).isEqualTo(1);
        assertThat(h.peer2.received()).singleElement();
        assertThat(h.store.queue().find(q.id())).isEmpty();
    }

    @Test
    void crashAfterThePeerAcceptedDeliversAgainRatherThanLosing() {
        QueuedMessage q = h.enqueue("alice@a.test", BODY, rcpt("x@b.test"));
        // Node A: the peer accepts, then the node dies before it can record the outcome.
        DeliveryService nodeA = new DeliveryService(h.settings(), new DeliveryService.Collaborators(
                new DyingQueue(h.store.queue()), h.store.blobs(), h.store.settings(), h.resolver,
                TestCerts.trustingTestCa(), Optional.empty(), (r, m, u) -> { }, h.meters, h.clock,
                RandomGenerator.of("L64X128MixRandom")));
        nodeA.deliverDue();
        nodeA.close();
        assertThat(h.peer2.received()).hasSize(1);
        assertThat(h.store.queue().find(q.id())).as("still queued: never lost").isPresent();
        // Node B takes over once A's lease has run out.
        DeliveryService nodeB = h.service(h.settings());
        assertThat(nodeB.deliverDue()).isZero();
        h.clock.advance(h.settings().lease().plusSeconds(1));
        assertThat(nodeB.deliverDue()).isEqualTo(1);
        assertThat(h.peer2.received()).as("at least once: a duplicate, never a loss").hasSize(2);
        assertThat(h.store.queue().find(q.id())).isEmpty();
    }

    @Test
    void peerThatStallsAfterTheDataIsRetriedLater() {
        h.peer2.stallAfterData = true;
        DeliverySettings b = h.settings();
        DeliverySettings fast = new DeliverySettings(b.hostname(), b.port(), b.lifetime(), Optional.empty(),
                Optional.empty(), java.util.Map.of(), 8, 4, b.destinationWait(), b.lease(), b.pollInterval(), false,
                true, true, dev.facteur.smtp.client.SmtpClientSettings.uniform(Duration.ofMillis(800)), "node-a");
        QueuedMessage q = h.enqueue("alice@a.test", BODY, rcpt("x@b.test"));
        DeliveryService s = h.service(fast);
        s.deliverDue();
        assertThat(h.store.queue().find(q.id()).orElseThrow().lastError()).contains("4.4.2");
        h.peer2.stallAfterData = false;
        h.clock.advance(Duration.ofMinutes(5));
        s.deliverDue();
        assertThat(h.peer2.received()).singleElement();
        assertThat(h.store.queue().find(q.id())).isEmpty();
    }

    /** A queue whose node "loses power" when it tries to record an outcome. */
    private record DyingQueue(OutboundQueue delegate) implements OutboundQueue {
        @Override
        public QueuedMessage enqueue(OutboundMessage message) {
            return delegate.enqueue(message);
        }

        @Override
        public List<QueuedMessage> claim(String worker, Instant now, int max, long leaseSeconds) {
            return delegate.claim(worker, now, max, leaseSeconds);
        }

        @Override
        public void record(long messageId, List<RecipientOutcome> outcomes, Optional<Instant> nextAttempt) {
            throw new IllegalStateException("power cut");
        }

        @Override
        public Optional<QueuedMessage> find(long messageId) {
            return delegate.find(messageId);
        }

        @Override
        public List<QueuedMessage> list(int limit) {
            return delegate.list(limit);
        }

        @Override
        public void retryNow(long messageId) {
            delegate.retryNow(messageId);
        }

        @Override
        public void hold(long messageId, boolean held) {
            delegate.hold(messageId, held);
        }

        @Override
        public void delete(long messageId) {
            delegate.delete(messageId);
        }

        @Override
        public long size() {
            return delegate.size();
        }
    }
}
