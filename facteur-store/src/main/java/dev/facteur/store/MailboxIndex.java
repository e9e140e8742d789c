package dev.facteur.store;

import java.util.Arrays;

/**
 * What an IMAP session keeps of every message of its selected mailbox: UID, MODSEQ and flags, in
 * UID order, as parallel arrays (about 20 bytes a message instead of a whole {@link MessageRecord}).
 * Messages with the same flags share one {@link Flags} instance. The arrays are owned by the
 * receiver: the store does not keep them.
 *
 * @param count the number of messages; the arrays may be longer (room to grow)
 */
public record MailboxIndex(long[] uids, long[] modSeqs, Flags[] flags, int count) {

    public MailboxIndex {
        if (count < 0 || uids.length < count || modSeqs.length < count || flags.length < count) {
            throw new IllegalArgumentException("arrays shorter than the count " + count);
        }
        for (int i = 1; i < count; i++) {
            if (uids[i] <= uids[i - 1]) {
                throw new IllegalArgumentException("UIDs not strictly ascending at " + i);
            }
        }
    }

    /** The index of messages given in UID order (for stores that hold whole records). */
    public static MailboxIndex of(java.util.List<MessageRecord> messages) {
        int n = messages.size();
        long[] uids = new long[n];
        long[] modSeqs = new long[n];
        Flags[] flags = new Flags[n];
        java.util.Map<Flags, Flags> shared = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            MessageRecord m = messages.get(i);
            uids[i] = m.uid();
            modSeqs[i] = m.modSeq();
            flags[i] = shared.computeIfAbsent(m.flags(), f -> f);
        }
        return new MailboxIndex(uids, modSeqs, flags, n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MailboxIndex other && count == other.count
                && Arrays.equals(uids, 0, count, other.uids, 0, count)
                && Arrays.equals(modSeqs, 0, count, other.modSeqs, 0, count)
                && Arrays.equals(flags, 0, count, other.flags, 0, count);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(Arrays.copyOf(uids, count));
    }

    @Override
    public String toString() {
        return "MailboxIndex[count=" + count + ", uids=" + Arrays.toString(Arrays.copyOf(uids, count)) + "]";
    }
}
