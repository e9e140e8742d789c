package dev.facteur.imap.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per mailbox, a counter that this server's IMAP sessions raise after every change they commit to
 * it, before they answer. A selected session compares it with the value it last looked at: a
 * change made by another session of this server is thus seen at the next NOOP without waiting
 * for the change bus (which delivers after commit, on its own thread), and a poll with no change
 * anywhere costs no query. Changes from elsewhere (SMTP delivery, POP3, other nodes) arrive as
 * change events.
 */
final class LocalChanges {

    private final ConcurrentHashMap<Long, AtomicLong> counters = new ConcurrentHashMap<>();

    /** The counter of one mailbox (created at first use; one per mailbox ever touched, a few bytes each). */
    AtomicLong counter(long mailboxId) {
        return counters.computeIfAbsent(mailboxId, id -> new AtomicLong());
    }

    /** Called after a change to the mailbox has committed and before the command is answered; returns the new count. */
    long changed(long mailboxId) {
        return counter(mailboxId).incrementAndGet();
    }

    /** Forgets a deleted mailbox. */
    void forget(long mailboxId) {
        counters.remove(mailboxId);
    }
}
