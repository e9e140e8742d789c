package dev.facteur.smtp.outbound;

import dev.facteur.store.BlobStore;
import dev.facteur.store.OutboundQueue;
import dev.facteur.store.QueuedMessage;
import dev.facteur.store.RecipientState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code facteur queue list|show|retry|delete|hold|release} and the admin HTTP API do. Each
 * change is made in the store, so it works from any node and while the server runs.
 */
public final class QueueAdmin {

    /** How much of a message's header section {@link #show} returns. */
    static final int MAX_HEADERS = 64 * 1024;

    private final OutboundQueue queue;
    private final BlobStore blobs;
    private final Runnable wake;

    /** @param wake called after retry and release so a local worker looks at once (a no-op from the CLI) */
    public QueueAdmin(OutboundQueue queue, BlobStore blobs, Runnable wake) {
        this.queue = queue;
        this.blobs = blobs;
        this.wake = wake;
    }

    /** One line of {@code queue list}. */
    public record Entry(long id, String sender, int recipients, int pending, long size, Instant queuedAt,
                        Instant nextAttempt, int attempts, boolean held, String lastError) {
        static Entry of(QueuedMessage q) {
            int pending = (int) q.recipients().stream().filter(r -> r.status() == RecipientState.Status.PENDING).count();
            return new Entry(q.id(), q.message().sender().orElse(""), q.recipients().size(), pending,
                    q.message().size(), q.message().queuedAt(), q.nextAttempt(), q.attempts(), q.held(),
                    q.lastError() == null ? "" : q.lastError());
        }
    }

    /** {@code queue show}: the entry, every recipient's state, and the message's header section. */
    public record Detail(Entry entry, List<RecipientState> recipients, String headers) {
        public Detail {
            recipients = List.copyOf(recipients);
        }
    }

    public List<Entry> list(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return queue.list(limit).stream().map(Entry::of).toList();
    }

    public long size() {
        return queue.size();
    }

    public Optional<Detail> show(long id) {
        return queue.find(id).map(q -> new Detail(Entry.of(q), q.recipients(), headers(q)));
    }

    /** Makes a message due now (and releases a hold); false if there is no such message. */
    public boolean retry(long id) {
        if (queue.find(id).isEmpty()) {
            return false;
        }
        queue.retryNow(id);
        wake.run();
        return true;
    }

    public boolean hold(long id) {
        if (queue.find(id).isEmpty()) {
            return false;
        }
        queue.hold(id, true);
        return true;
    }

    public boolean release(long id) {
        if (queue.find(id).isEmpty()) {
            return false;
        }
        queue.hold(id, false);
        wake.run();
        return true;
    }

    /** Removes a message without notice to its sender. */
    public boolean delete(long id) {
        if (queue.find(id).isEmpty()) {
            return false;
        }
        queue.delete(id);
        return true;
    }

    private String headers(QueuedMessage q) {
        try (InputStream in = blobs.open(q.message().blob())) {
            byte[] head = in.readNBytes(MAX_HEADERS);
            return new String(DsnBuilder.headersOf(head), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
