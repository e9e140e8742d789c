package dev.facteur.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Mail waiting to leave: one row per message with its envelope, one row per recipient with its
 * state. Workers {@link #claim} due messages so that several nodes never deliver one twice.
 */
public interface OutboundQueue {

    /** Queues a message (its bytes already in the blob store); durable on return. */
    QueuedMessage enqueue(OutboundMessage message);

    /**
     * Claims up to {@code max} messages due at {@code now} for {@code leaseSeconds}; a claim not
     * completed before the lease ends is claimable again (crash recovery).
     */
    List<QueuedMessage> claim(String worker, Instant now, int max, long leaseSeconds);

    /**
     * Records the outcome of a delivery attempt for each recipient (matched by address),
     * counts the attempt and releases the claim. When no recipient is left PENDING the message
     * leaves the queue (send any DSN first). {@code nextAttempt} empty means due again now.
     */
    void record(long messageId, List<RecipientOutcome> outcomes, Optional<Instant> nextAttempt);

    Optional<QueuedMessage> find(long messageId);

    List<QueuedMessage> list(int limit);

    /** Makes a message due now (and clears hold). */
    void retryNow(long messageId);

    void hold(long messageId, boolean held);

    void delete(long messageId);

    long size();
}
