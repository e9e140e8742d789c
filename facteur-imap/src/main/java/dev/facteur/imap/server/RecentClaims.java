package dev.facteur.imap.server;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which messages some IMAP4rev1 session has already seen, for the \Recent flag (RFC 3501 §2.3.2):
 * a message is recent in the first session that selects its mailbox (read-write) after it
 * arrived, and in no other. UIDs only grow (RFC 9051 §2.3.1.1), so per mailbox one number is
 * enough: the highest UID claimed so far. Kept in memory, shared by the server's sessions, not
 * stored as a flag (RFC 3501: \Recent cannot be altered by the client); after a restart the
 * first session to select a mailbox sees its messages as recent. IMAP4rev2 has no \Recent
 * (RFC 9051 Appendix E) and its sessions claim nothing.
 */
final class RecentClaims {

    private final ConcurrentHashMap<Long, Long> claimed = new ConcurrentHashMap<>();

    /** The highest UID claimed in the mailbox so far (0: none). */
    long claimedUpTo(long mailboxId) {
        return claimed.getOrDefault(mailboxId, 0L);
    }

    /**
     * Claims every UID up to {@code upToUid} for the calling session; returns the highest UID
     * claimed before, so the caller's recent messages are those above it.
     */
    long claim(long mailboxId, long upToUid) {
        long[] before = new long[1];
        claimed.merge(mailboxId, upToUid, (old, mine) -> {
            before[0] = old;
            return Math.max(old, mine);
        });
        return before[0];
    }

    /** Forgets a deleted mailbox. */
    void forget(long mailboxId) {
        claimed.remove(mailboxId);
    }
}
