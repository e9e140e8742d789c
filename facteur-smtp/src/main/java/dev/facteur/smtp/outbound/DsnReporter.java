package dev.facteur.smtp.outbound;

import dev.facteur.smtp.client.SmtpReply;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import dev.facteur.store.QueuedMessage;
import dev.facteur.store.RecipientOutcome;
import dev.facteur.store.RecipientState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a delivery attempt: turns outcomes into recipient states and the next attempt time, sends
 * the DSNs the sender asked for (RFC 3461 §4.1 NOTIFY) and records the attempt. Notifications are
 * handed over before the attempt is recorded, so a crash in between repeats a notice rather than
 * losing it.
 */
final class DsnReporter {

    private static final Logger LOG = LoggerFactory.getLogger(DsnReporter.class);
    static final String WARNED_PREFIX = "outbound.delay-warned.";

    private final DeliverySettings settings;
    private final DeliveryService.Collaborators c;
    private final DeliveryMetrics metrics;
    private final DsnBuilder builder;

    DsnReporter(DeliverySettings settings, DeliveryService.Collaborators c, DeliveryMetrics metrics) {
        this.settings = settings;
        this.c = c;
        this.metrics = metrics;
        this.builder = new DsnBuilder(settings.hostname());
    }

    void finish(QueuedMessage qm, List<Outcome> outcomes, RetrySchedule schedule) {
        Instant now = c.clock().instant();
        OutboundMessage m = qm.message();
        boolean expired = schedule.expired(m.queuedAt(), now);
        Map<String, OutboundRecipient> byAddress = qm.recipients().stream().map(RecipientState::recipient)
                .collect(Collectors.toMap(OutboundRecipient::address, Function.identity(), (a, b) -> a));
        List<RecipientOutcome> records = new ArrayList<>();
        List<DsnBuilder.Entry> failed = new ArrayList<>();
        List<DsnBuilder.Entry> relayed = new ArrayList<>();
        List<DsnBuilder.Entry> delayed = new ArrayList<>();
        for (Outcome o : outcomes) {
            OutboundRecipient r = byAddress.getOrDefault(o.recipient(),
                    new OutboundRecipient(o.recipient(), Optional.empty(), Optional.empty()));
            DsnNotify notify = DsnNotify.of(r);
            switch (o) {
                case Outcome.Delivered d -> {
                    records.add(new RecipientOutcome(r.address(), d.relayed() ? RecipientState.Status.RELAYED
                            : RecipientState.Status.DELIVERED, d.reply().summary()));
                    metrics.outcome(d.relayed() ? "relayed" : "delivered");
                    if (d.relayed()) {
                        relayed.add(entry(r, DsnBuilder.Action.RELAYED, d.reply(), d.remoteMta()));
                    }
                }
                case Outcome.Failed f -> {
                    records.add(new RecipientOutcome(r.address(), RecipientState.Status.FAILED, f.reply().summary()));
                    metrics.outcome("bounced");
                    if (notify.failure()) {
                        failed.add(entry(r, DsnBuilder.Action.FAILED, f.reply(), f.remoteMta()));
                    }
                }
                case Outcome.Deferred df when expired -> {
                    SmtpReply reply = DeliveryService.expiredReply(df.reply());
                    records.add(new RecipientOutcome(r.address(), RecipientState.Status.FAILED, reply.summary()));
                    metrics.outcome("expired");
                    if (notify.failure()) {
                        failed.add(entry(r, DsnBuilder.Action.FAILED, reply, df.remoteMta()));
                    }
                }
                case Outcome.Deferred df -> {
                    records.add(new RecipientOutcome(r.address(), RecipientState.Status.PENDING, df.reply().summary()));
                    metrics.outcome("deferred");
                    if (notify.delay()) {
                        delayed.add(entry(r, DsnBuilder.Action.DELAYED, df.reply(), df.remoteMta()));
                    }
                }
            }
        }
        boolean pending = records.stream().anyMatch(r -> r.status() == RecipientState.Status.PENDING);
        boolean pendingElsewhere = qm.recipients().stream().anyMatch(s -> s.status() == RecipientState.Status.PENDING
                && outcomes.stream().noneMatch(o -> o.recipient().equals(s.recipient().address())));
        Optional<Instant> next = pending || pendingElsewhere ? schedule.next(m.queuedAt(), now) : Optional.empty();
        if ((pending || pendingElsewhere) && next.isEmpty()) {
            next = Optional.of(now);
        }
        byte[] original = null;
        if (m.sender().isPresent()) {
            // RFC 3461 §6.2 / RFC 5321 §4.5.5: never a notification to the null reverse path.
            original = notify(qm, failed, now, Optional.empty(), original, "bounce");
            original = notify(qm, relayed, now, Optional.empty(), original, "relayed");
            if (pending && shouldWarn(qm, now)) {
                original = notify(qm, delayed, now, Optional.of(m.queuedAt().plus(settings.lifetime())), original, "delay");
                c.storeSettings().put(WARNED_PREFIX + qm.id(), now.toString());
            }
        }
        c.queue().record(qm.id(), records, next);
        if (next.isEmpty()) {
            c.storeSettings().remove(WARNED_PREFIX + qm.id());
        }
    }

    private boolean shouldWarn(QueuedMessage qm, Instant now) {
        Optional<Duration> after = settings.delayWarning();
        return after.isPresent() && !now.isBefore(qm.message().queuedAt().plus(after.get()))
                && c.storeSettings().get(WARNED_PREFIX + qm.id()).isEmpty();
    }

    /** Sends one DSN for {@code entries} if any; returns the original bytes, read at most once. */
    private byte[] notify(QueuedMessage qm, List<DsnBuilder.Entry> entries, Instant now, Optional<Instant> until,
                          byte[] original, String kind) {
        if (entries.isEmpty()) {
            return original;
        }
        byte[] bytes = original;
        try {
            if (bytes == null) {
                bytes = readOriginal(qm);
            }
            byte[] dsn = builder.build(qm.message(), bytes, entries, now, until);
            c.sink().submit(qm.message().sender().orElseThrow(), dsn, qm.message().smtpUtf8());
            metrics.dsn(kind);
        } catch (IOException e) {
            if (kind.equals("bounce")) {
                // Not recorded: the claim lapses and the attempt, with its bounce, is made again.
                throw new java.io.UncheckedIOException("could not submit the bounce for queued message " + qm.id(), e);
            }
            LOG.error("could not submit {} DSN for queued message {}", kind, qm.id(), e);
        }
        return bytes;
    }

    private byte[] readOriginal(QueuedMessage qm) {
        try {
            return c.blobs().read(qm.message().blob());
        } catch (IOException e) {
            LOG.warn("original of queued message {} unreadable for its DSN", qm.id());
            return new byte[0];
        }
    }

    private static DsnBuilder.Entry entry(OutboundRecipient r, DsnBuilder.Action action, SmtpReply reply,
                                          Optional<String> remote) {
        return new DsnBuilder.Entry(r, action, reply.effectiveStatus().toString(), remote, reply.summary());
    }
}
