package dev.facteur.smtp.outbound;

import static dev.facteur.smtp.outbound.DeliveryHarness.rcpt;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: {@code deliverDue()} returned with due messages unclaimed when the background
 * worker's deliveries held every slot (it read "no free slot" as "nothing due").
 */
class DeliverDueTest {
    private static final String BODY = "From: alice@a.test\r\nSubject: s\r\n\r\nx\r\n";

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
    void deliverDueWaitsForASlotHeldByTheWorkerInsteadOfLeavingDueMailUnclaimed() throws Exception {
        CountDownLatch inSlowDelivery = new CountDownLatch(1);
        CountDownLatch letItFinish = new CountDownLatch(1);
        h.peer2.rcptReply = rcpt -> {
            if (rcpt.contains("slow@")) {
                inSlowDelivery.countDown();
                try {
                    letItFinish.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return "250 2.1.5 OK";
        };
        DeliverySettings b = h.settings();
        // One slot, and a worker that only looks when woken.
        DeliveryService service = h.service(new DeliverySettings(b.hostname(), b.port(), b.lifetime(), Optional.empty(),
                Optional.empty(), Map.of(), 1, 1, b.destinationWait(), b.lease(), Duration.ofHours(1), false, false,
                false, b.client(), "node-a"));
        h.enqueue("alice@a.test", BODY, rcpt("slow@b.test"));
        service.start();
        service.wake();
        assertThat(inSlowDelivery.await(30, TimeUnit.SECONDS)).as("the worker took the only slot").isTrue();
        h.enqueue("alice@a.test", BODY, rcpt("fast@b.test"));

        AtomicInteger leftUnclaimed = new AtomicInteger(-1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                service.deliverDue();
                // Nothing due may be left unclaimed when deliverDue returns (a probe claim finds nothing).
                leftUnclaimed.set(h.store.queue().claim("probe", h.clock.instant(), 10, 600).size());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        caller.start();
        // Let the slow delivery finish only once the caller is waiting for the slot (or has returned).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (caller.isAlive() && caller.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        letItFinish.countDown();
        caller.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(failure.get()).isNull();
        assertThat(caller.isAlive()).isFalse();
        assertThat(leftUnclaimed.get()).as("due messages left unclaimed when deliverDue returned").isZero();
        // Both arrive, whoever claimed the second one.
        service.deliverDue();
        long deadline2 = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (h.peer2.received().size() < 2 && System.nanoTime() < deadline2) {
            Thread.onSpinWait();
        }
        assertThat(h.peer2.received()).hasSize(2);
    }
}
