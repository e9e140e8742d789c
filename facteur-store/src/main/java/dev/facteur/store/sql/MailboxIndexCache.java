package dev.facteur.store.sql;

import dev.facteur.store.Flags;
import dev.facteur.store.MailboxIndex;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last index read of recently selected mailboxes, so that selecting a mailbox again (every
 * folder switch of a client, every new connection of a phone) does not read all its rows.
 *
 * <p>An entry is valid while its mailbox's version is unchanged: every change to a mailbox's
 * messages (append, flags, expunge) raises its HIGHESTMODSEQ, or its UIDNEXT, in the transaction
 * that makes it (RFC 7162 §3.1.1, and see {@link Messages}); UIDVALIDITY tells apart a mailbox
 * created again under an id SQLite reused. The version is read from the database in the same
 * read transaction as a hit is served, so changes made by other processes (admin commands, other
 * nodes on PostgreSQL) are seen as they would be without the cache.
 *
 * <p>Bounded by the total number of messages held, least recently used first out; each caller
 * gets its own copy of the arrays (a session's view changes them).
 */
final class MailboxIndexCache {

    /** What a cached index was read at. */
    record Version(long uidValidity, long uidNext, long highestModSeq) {}

    private record Entry(Version version, MailboxIndex index) {}

    private final long maxMessages;
    private long held;
    private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    MailboxIndexCache(long maxMessages) {
        if (maxMessages < 0) {
            throw new IllegalArgumentException("maxMessages < 0");
        }
        this.maxMessages = maxMessages;
    }

    /** A copy of the index cached for {@code mailboxId} at {@code version}, if there is one. */
    Optional<MailboxIndex> get(long mailboxId, Version version) {
        Entry e;
        synchronized (this) {
            e = entries.get(mailboxId);
        }
        return e != null && e.version().equals(version) ? Optional.of(copy(e.index())) : Optional.empty();
    }

    /** Keeps a copy of {@code index}, read at {@code version}, unless it alone exceeds the bound. */
    void put(long mailboxId, Version version, MailboxIndex index) {
        if (index.count() > maxMessages) {
            invalidate(mailboxId);
            return;
        }
        Entry e = new Entry(version, copy(index));
        synchronized (this) {
            Entry old = entries.put(mailboxId, e);
            held += index.count() - (old == null ? 0 : old.index().count());
            var it = entries.entrySet().iterator();
            while (held > maxMessages && it.hasNext()) {
                Map.Entry<Long, Entry> eldest = it.next();
                held -= eldest.getValue().index().count();
                it.remove();
            }
        }
    }

    synchronized void invalidate(long mailboxId) {
        Entry old = entries.remove(mailboxId);
        if (old != null) {
            held -= old.index().count();
        }
    }

    synchronized long heldMessages() {
        return held;
    }

    private static MailboxIndex copy(MailboxIndex i) {
        int n = i.count();
        long[] uids = Arrays.copyOf(i.uids(), n);
        long[] modSeqs = Arrays.copyOf(i.modSeqs(), n);
        Flags[] flags = Arrays.copyOf(i.flags(), n);
        return new MailboxIndex(uids, modSeqs, flags, n);
    }
}
