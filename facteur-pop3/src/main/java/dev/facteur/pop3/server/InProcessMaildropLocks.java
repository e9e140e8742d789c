package dev.facteur.pop3.server;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Maildrop locks held in this process's memory: correct for one node, not across nodes. */
public final class InProcessMaildropLocks implements MaildropLocks {
    private final Set<Long> held = ConcurrentHashMap.newKeySet();

    @Override
    public Optional<Lease> tryLock(long mailboxId) {
        if (!held.add(mailboxId)) {
            return Optional.empty();
        }
        AtomicBoolean released = new AtomicBoolean();
        return Optional.of(() -> {
            if (released.compareAndSet(false, true)) {
                held.remove(mailboxId);
            }
        });
    }

    /** Whether a session holds the mailbox's lock now. */
    public boolean isLocked(long mailboxId) {
        return held.contains(mailboxId);
    }
}
