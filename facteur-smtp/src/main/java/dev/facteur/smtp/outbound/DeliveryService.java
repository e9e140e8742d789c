package dev.facteur.smtp.outbound;

import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.smtp.client.EnhancedStatus;
import dev.facteur.smtp.client.MessageContent;
import dev.facteur.smtp.client.SmtpReply;
import dev.facteur.store.BlobStore;
import dev.facteur.store.OutboundQueue;
import dev.facteur.store.OutboundRecipient;
import dev.facteur.store.QueuedMessage;
import dev.facteur.store.RecipientState;
import dev.facteur.store.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound delivery: claims due messages from the {@link OutboundQueue} (several nodes may share
 * one store; a claim is a lease, so a crashed node's messages come back), delivers each message's
 * recipients grouped per destination, each group in its own virtual thread under a per-destination
 * limit, records every recipient's outcome, and sends DSNs.
 *
 * <p>Delivery is at least once: outcomes are recorded after the peer accepted, so a crash between
 * the two delivers again (RFC 5321 §6.1 prefers a duplicate to a loss).
 */
public final class DeliveryService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryService.class);
    /** How long a session stays open, idle, for the next message to the same host. */
    static final Duration IDLE_SESSION = Duration.ofSeconds(10);

    /**
     * What delivery needs from the rest of the server.
     *
     * @param storeSettings durable small values (which messages already got a delay warning)
     * @param pkix the SSLContext whose trust store validates certificates for MTA-STS, REQUIRETLS and relays
     * @param mtaSts fetches MTA-STS policies; empty disables MTA-STS
     * @param sink where DSNs go
     */
    public record Collaborators(OutboundQueue queue, BlobStore blobs, Settings storeSettings, DnsResolver dns,
                                SSLContext pkix, Optional<MtaStsPolicyFetcher> mtaSts, GeneratedMailSink sink,
                                MeterRegistry meters, InstantSource clock, RandomGenerator random) {
    }

    private final DeliverySettings settings;
    private final Collaborators c;
    private final RetrySchedule schedule;
    private final RoutePlanner planner;
    private final DestinationDelivery delivery;
    private final DestinationLimiter limiter;
    private final SessionPool sessions;
    private final DsnReporter reporter;
    private final DeliveryMetrics metrics;
    private final Semaphore slots;
    private final Semaphore signal = new Semaphore(0);
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;
    private Thread poller;

    public DeliveryService(DeliverySettings settings, Collaborators collaborators) {
        this(settings, collaborators, TlsSessionObserver.NONE);
    }

    /** @param tlsObserver told each session's TLS outcome, for TLS-RPT (RFC 8460) */
    public DeliveryService(DeliverySettings settings, Collaborators collaborators, TlsSessionObserver tlsObserver) {
        this.settings = settings;
        this.c = collaborators;
        this.schedule = RetrySchedule.standard(settings.lifetime());
        this.metrics = new DeliveryMetrics(c.meters(), c.queue());
        MxResolver mx = new MxResolver(c.dns(), c.random(), settings.hostname());
        Optional<MtaSts> sts = c.mtaSts().map(f -> new MtaSts(c.dns(), f, c.clock()));
        this.planner = new RoutePlanner(settings, mx, c.dns(), sts, metrics);
        this.sessions = new SessionPool(settings.perDestination(), IDLE_SESSION);
        this.delivery = new DestinationDelivery(settings, mx, c.pkix(), metrics, sessions, tlsObserver);
        this.limiter = new DestinationLimiter(settings.perDestination());
        this.reporter = new DsnReporter(settings, c, metrics);
        this.slots = new Semaphore(settings.concurrency());
    }

    /** Starts the background worker: it delivers due messages, then waits for {@link #wake} or the poll interval. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        poller = Thread.ofVirtual().name("outbound-poller").start(this::pollLoop);
    }

    /** Tells the worker that a message was queued or released, so it looks now. */
    public void wake() {
        signal.release();
    }

    /**
     * Claims and delivers every message due now, waiting until each has been attempted; returns how
     * many messages this call attempted. Tests and {@code facteur queue} use it with a controlled clock.
     *
     * <p>It returns only once a claim found fewer due messages than it had slots for, i.e. the queue
     * had nothing due left unclaimed, and its own deliveries have finished. (It used to return as
     * soon as its own deliveries were done, even when a claim had been skipped because every slot was
     * taken by the background worker's deliveries: due messages stayed unclaimed until the next poll.)
     */
    public int deliverDue() {
        int total = 0;
        Semaphore finished = new Semaphore(0);
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        Runnable onFinish = () -> {
            done.incrementAndGet();
            finished.release();
        };
        try {
            while (true) {
                Pumped p = pump(true, onFinish);
                total += p.started();
                if (p.drained()) {
                    if (done.get() == total) {
                        return total;
                    }
                    // A slot frees as soon as any delivery ends: claim more then, not when the whole batch is done.
                    finished.acquire();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return total;
        }
    }

    private void pollLoop() {
        while (running) {
            try {
                pump(false, () -> { });
                sessions.sweep();
                signal.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                signal.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A store outage must not kill the worker; it tries again at the next poll.
                LOG.error("outbound queue poll failed", e);
                try {
                    Thread.sleep(settings.pollInterval());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /**
     * What one pump did: how many deliveries it started, and whether the claim came back short
     * (nothing due was left unclaimed when it looked) rather than limited by free slots.
     */
    private record Pumped(int started, boolean drained) {}

    /**
     * Takes free slots (waiting for one first when {@code wait}), claims at most that many due
     * messages and starts delivering them; unused slots are given back at once. Slots are taken
     * before the claim, so two pumps (the worker's and a {@link #deliverDue} caller's) never claim
     * more than there are slots, and a pump that found no free slot says so instead of "nothing due".
     */
    private Pumped pump(boolean wait, Runnable onFinish) throws InterruptedException {
        int taken = 0;
        if (wait) {
            slots.acquire();
            taken = 1;
        }
        while (taken < settings.concurrency() && slots.tryAcquire()) {
            taken++;
        }
        if (taken == 0) {
            return new Pumped(0, false);
        }
        List<QueuedMessage> claimed;
        try {
            claimed = c.queue().claim(settings.workerId(), c.clock().instant(), taken, settings.lease().toSeconds());
        } catch (RuntimeException e) {
            slots.release(taken);
            throw e;
        }
        slots.release(taken - claimed.size());
        for (QueuedMessage qm : claimed) {
            threads.submit(() -> {
                try {
                    deliver(qm);
                } catch (RuntimeException e) {
                    LOG.error("delivery of queued message {} failed unexpectedly", qm.id(), e);
                } finally {
                    slots.release();
                    signal.release();
                    onFinish.run();
                }
            });
        }
        return new Pumped(claimed.size(), claimed.size() < taken);
    }

    private void deliver(QueuedMessage qm) {
        Instant start = c.clock().instant();
        List<OutboundRecipient> pending = qm.recipients().stream()
                .filter(r -> r.status() == RecipientState.Status.PENDING).map(RecipientState::recipient).toList();
        if (pending.isEmpty()) {
            c.queue().record(qm.id(), List.of(), Optional.empty());
            return;
        }
        MessageContent content = content(qm);
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, List<OutboundRecipient>> groups = new LinkedHashMap<>();
        for (OutboundRecipient r : pending) {
            try {
                groups.computeIfAbsent(EmailAddress.parse(r.address()).domain().name(), d -> new ArrayList<>()).add(r);
            } catch (IllegalArgumentException e) {
                // RFC 3463 §3.2: X.1.3 bad destination mailbox address syntax.
                outcomes.add(Outcome.failed(r.address(), 553, EnhancedStatus.of(5, 1, 3), "Bad recipient address syntax"));
            }
        }
        try (ExecutorService perDestination = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Outcome>>> results = new ArrayList<>();
            for (Map.Entry<String, List<OutboundRecipient>> g : groups.entrySet()) {
                results.add(perDestination.submit(() -> deliverGroup(qm, g.getKey(), g.getValue(), content)));
            }
            for (Future<List<Outcome>> f : results) {
                outcomes.addAll(join(f));
            }
        }
        metrics.attempt(Duration.between(start, c.clock().instant()));
        reporter.finish(qm, outcomes, schedule);
    }

    private List<Outcome> deliverGroup(QueuedMessage qm, String domain, List<OutboundRecipient> rcpts, MessageContent content) {
        dev.facteur.core.mail.Domain d = new dev.facteur.core.mail.Domain(domain);
        String destination = settings.relayFor(d).map(r -> "relay:" + r.host() + ":" + r.port()).orElse(domain);
        try {
            if (!limiter.acquire(destination, settings.destinationWait())) {
                // RFC 3463 §3.5: X.4.5 mail system congestion: this destination's slots are all busy.
                return rcpts.stream().map(r -> Outcome.deferred(r.address(), 451, EnhancedStatus.of(4, 4, 5),
                        "Too many deliveries to " + domain + " in progress")).toList();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return rcpts.stream().map(r -> Outcome.deferred(r.address(), 451, EnhancedStatus.of(4, 3, 0),
                    "Delivery interrupted")).toList();
        }
        try {
            return switch (planner.plan(d)) {
                case RoutePlanner.Plan.Refuse refuse -> rcpts.stream().map(r -> refuse.permanent()
                        ? Outcome.failed(r.address(), refuse.code(), refuse.status(), refuse.text())
                        : Outcome.deferred(r.address(), refuse.code(), refuse.status(), refuse.text())).toList();
                case RoutePlanner.Plan.Hops hops -> delivery.deliver(
                        new DestinationDelivery.Job(qm.message(), rcpts, content), hops.hops());
            };
        } finally {
            limiter.release(destination);
        }
    }

    private MessageContent content(QueuedMessage qm) {
        return new MessageContent() {
            @Override
            public long size() {
                return qm.message().size();
            }

            @Override
            public InputStream open() throws IOException {
                return c.blobs().open(qm.message().blob());
            }
        };
    }

    private static List<Outcome> join(Future<List<Outcome>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("destination delivery failed", e.getCause());
        }
    }

    /** Stops the worker; deliveries in progress finish (their claims would expire otherwise). */
    @Override
    public void close() {
        running = false;
        Thread p;
        synchronized (this) {
            p = poller;
        }
        if (p != null) {
            p.interrupt();
        }
        threads.shutdown();
        try {
            threads.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.closeAll();
    }

    static SmtpReply expiredReply(SmtpReply last) {
        // RFC 3463 §3.5: X.4.7 delivery time expired.
        return SmtpReply.of(last.isPermanent() ? last.code() : 550, EnhancedStatus.of(5, 4, 7),
                "Delivery time expired; last error: " + last.summary());
    }
}
