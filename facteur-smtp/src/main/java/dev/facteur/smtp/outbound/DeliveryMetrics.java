package dev.facteur.smtp.outbound;

import dev.facteur.store.OutboundQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Micrometer meters of outbound delivery: queue size, outcomes per recipient, attempt time, TLS. */
public final class DeliveryMetrics {

    private final MeterRegistry registry;
    private final Timer attempts;

    public DeliveryMetrics(MeterRegistry registry, OutboundQueue queue) {
        this.registry = registry;
        Gauge.builder("facteur.outbound.queue.size", queue, OutboundQueue::size)
                .description("Messages in the outbound queue").register(registry);
        this.attempts = Timer.builder("facteur.outbound.attempt.duration")
                .description("Time to deliver one message to one destination").register(registry);
    }

    /** One recipient's outcome: delivered, relayed, deferred, bounced, expired. */
    void outcome(String kind) {
        Counter.builder("facteur.outbound.recipients").tag("outcome", kind)
                .description("Recipient delivery outcomes").register(registry).increment();
    }

    void attempt(Duration d) {
        attempts.record(d);
    }

    /** How a session's TLS went: none, opportunistic, pkix, dane, failed. */
    void tls(String kind) {
        Counter.builder("facteur.outbound.tls").tag("result", kind).register(registry).increment();
    }

    void dane(boolean used) {
        Counter.builder("facteur.outbound.dane.lookups").tag("usable", Boolean.toString(used)).register(registry).increment();
    }

    void mtaSts(String event) {
        Counter.builder("facteur.outbound.mtasts").tag("event", event).register(registry).increment();
    }

    void dsn(String kind) {
        Counter.builder("facteur.outbound.dsn").tag("kind", kind).register(registry).increment();
    }
}
