package dev.facteur.pop3.server;

import java.util.Optional;

/**
 * RFC 1939 §8: one POP3 session at a time holds a maildrop's exclusive-access lock. A
 * store-backed implementation would hold it across nodes; {@link InProcessMaildropLocks}
 * holds it within this process.
 */
public interface MaildropLocks {

    /** Takes the lock on the mailbox, or returns empty if another session holds it. */
    Optional<Lease> tryLock(long mailboxId);

    /** A held lock; closing it releases the lock (idempotent). */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }
}
