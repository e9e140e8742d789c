package dev.facteur.server;

import dev.facteur.store.BlobStore;
import dev.facteur.store.ChangeBus;
import dev.facteur.store.Delivery;
import dev.facteur.store.Directory;
import dev.facteur.store.MailboxStore;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundQueue;
import dev.facteur.store.QueuedMessage;
import dev.facteur.store.RecipientOutcome;
import dev.facteur.store.Leases;
import dev.facteur.store.ReportStore;
import dev.facteur.store.Settings;
import dev.facteur.store.Store;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The store as the protocol servers see it: every message queued for remote delivery wakes the
 * delivery worker at once instead of at its next poll. Closing it does not close the store.
 */
record QueueWakingStore(Store store, Runnable wake) implements Store {

    @Override
    public Directory directory() {
        return store.directory();
    }

    @Override
    public MailboxStore mailboxes() {
        return store.mailboxes();
    }

    @Override
    public BlobStore blobs() {
        return store.blobs();
    }

    @Override
    public ChangeBus changes() {
        return store.changes();
    }

    @Override
    public OutboundQueue queue() {
        return new WakingQueue(store.queue(), wake);
    }

    @Override
    public Settings settings() {
        return store.settings();
    }

    @Override
    public ReportStore reports() {
        return store.reports();
    }

    @Override
    public Leases leases() {
        return store.leases();
    }

    /** One commit in the real store (not the interface's step-by-step default); wakes delivery if it queued mail. */
    @Override
    public Delivery.Delivered deliver(Delivery delivery) throws IOException {
        Delivery.Delivered done = store.deliver(delivery);
        if (!delivery.queued().isEmpty()) {
            wake.run();
        }
        return done;
    }

    @Override
    public int collectGarbage() {
        return store.collectGarbage();
    }

    @Override
    public void close() {
        // The server closes the real store once, after every listener has stopped.
    }

    private record WakingQueue(OutboundQueue queue, Runnable wake) implements OutboundQueue {
        @Override
        public QueuedMessage enqueue(OutboundMessage message) {
            QueuedMessage q = queue.enqueue(message);
            wake.run();
            return q;
        }

        @Override
        public List<QueuedMessage> claim(String worker, Instant now, int max, long leaseSeconds) {
            return queue.claim(worker, now, max, leaseSeconds);
        }

        @Override
        public void record(long messageId, List<RecipientOutcome> outcomes, Optional<Instant> nextAttempt) {
            queue.record(messageId, outcomes, nextAttempt);
        }

        @Override
        public Optional<QueuedMessage> find(long messageId) {
            return queue.find(messageId);
        }

        @Override
        public List<QueuedMessage> list(int limit) {
            return queue.list(limit);
        }

        @Override
        public void retryNow(long messageId) {
            queue.retryNow(messageId);
            wake.run();
        }

        @Override
        public void hold(long messageId, boolean held) {
            queue.hold(messageId, held);
        }

        @Override
        public void delete(long messageId) {
            queue.delete(messageId);
        }

        @Override
        public long size() {
            return queue.size();
        }
    }
}
