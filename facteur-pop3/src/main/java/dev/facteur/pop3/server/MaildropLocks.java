package dev.facteur.pop3.server;

import java.util.Optional;

/**
 * RFC 1939 §8: one POP3 session at a time holds a maildrop's exclusive-access lock.
 * {@link StoreMaildropLocks} holds it in the store, across processes and nodes;
 * {@link InProcessMaildropLocks} holds it within this process only.
 */
public interface MaildropLocks {

    /** Takes the lock on the mailbox, or returns empty if another session holds it. */
    Optional<Lease> tryLock(long mailboxId);

    /** A held lock; closing it releases the lock (idempotent). */
    interface Lease extends AutoCloseable {
        /**
         * True if the lock is still held, checked now (before the UPDATE state deletes anything).
         * A lock held in this process's memory cannot be lost before it is closed.
         */
        default boolean confirm() {
            return true;
        }

        @Override
        void close();
    }
}
