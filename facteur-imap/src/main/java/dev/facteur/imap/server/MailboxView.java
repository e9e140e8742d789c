package dev.facteur.imap.server;

import dev.facteur.imap.proto.SequenceSet;
import dev.facteur.store.Mailbox;
import dev.facteur.store.MailboxStore;
import dev.facteur.store.MessageRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One session's view of its selected mailbox: its own message sequence numbers (RFC 9051
 * §2.3.1.2), which change only when this session reports EXISTS or EXPUNGE. It learns of other
 * sessions' changes through the store's change log ({@code changedSince}, {@code expungedSince})
 * when {@link #sync} is called at a point where RFC 9051 §7 allows untagged updates.
 */
final class MailboxView {

    private final Mailbox mailbox;
    private long[] uids;
    private int count;
    private final Map<Long, MessageRecord> records;
    /** The highest MODSEQ whose flag changes and new messages this view has taken in. */
    private long changesSeen;
    /** The highest MODSEQ whose expunges this view has taken in (deferred during FETCH/STORE/SEARCH). */
    private long expungesSeen;
    private final AtomicBoolean dirty = new AtomicBoolean();
    /** The highest MODSEQ announced by change events for this mailbox. */
    private final java.util.concurrent.atomic.AtomicLong knownHighest = new java.util.concurrent.atomic.AtomicLong();
    private boolean expungePending;
    /** Keywords announced to the client in FLAGS (RFC 9051 §7.3.5); a new one is announced before its first use. */
    private final java.util.TreeSet<String> announced = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    /** RFC 3501 §2.3.2: the UIDs that are \Recent in this session (IMAP4rev1 only). */
    private final java.util.Set<Long> recent = new java.util.HashSet<>();
    /** RFC 5182 SEARCHRES: the UIDs of the last SEARCH ... RETURN (SAVE). */
    private List<Long> savedResult = List.of();

    private MailboxView(Mailbox mailbox, List<MessageRecord> messages) {
        this.mailbox = mailbox;
        this.uids = new long[Math.max(16, messages.size())];
        this.records = new HashMap<>(Math.max(16, messages.size() * 2));
        for (MessageRecord m : messages) {
            uids[count++] = m.uid();
            records.put(m.uid(), m);
        }
        this.changesSeen = mailbox.highestModSeq();
        this.expungesSeen = mailbox.highestModSeq();
    }

    static MailboxView open(MailboxStore store, Mailbox mailbox) {
        // Read the mailbox row before the messages: changes committed in between are seen again
        // at the next sync, which is harmless (sync compares).
        return new MailboxView(mailbox, store.messages(mailbox.id()));
    }

    Mailbox mailbox() {
        return mailbox;
    }

    long mailboxId() {
        return mailbox.id();
    }

    int size() {
        return count;
    }

    long highestModSeq() {
        return changesSeen;
    }

    long uidAt(int seq) {
        return uids[seq - 1];
    }

    MessageRecord recordAt(int seq) {
        return records.get(uids[seq - 1]);
    }

    Optional<MessageRecord> record(long uid) {
        return Optional.ofNullable(records.get(uid));
    }

    /** The sequence number of {@code uid}, or 0 if it is not in the view. */
    int seqOf(long uid) {
        int i = Arrays.binarySearch(uids, 0, count, uid);
        return i >= 0 ? i + 1 : 0;
    }

    long maxUid() {
        return count == 0 ? 0 : uids[count - 1];
    }

    /** Marks the view stale; called from the change bus thread with the event's MODSEQ. */
    void markDirty(long modSeq) {
        knownHighest.accumulateAndGet(modSeq, Math::max);
        dirty.set(true);
    }

    /** Records keywords as announced; returns true if any of {@code keywords} was new. */
    boolean announce(java.util.Collection<String> keywords) {
        boolean added = false;
        for (String k : keywords) {
            if (!k.startsWith("\\")) {
                added |= announced.add(k);
            }
        }
        return added;
    }

    /** The keywords announced so far, sorted. */
    List<String> announcedKeywords() {
        return List.copyOf(announced);
    }

    List<Long> savedResult() {
        return savedResult;
    }

    void saveResult(List<Long> uidList) {
        savedResult = List.copyOf(uidList);
    }

    /** Records a change this session made itself (STORE), so sync will not report it again. */
    void update(MessageRecord r) {
        if (records.containsKey(r.uid())) {
            records.put(r.uid(), r);
        }
    }

    /**
     * Resolves a sequence set to ascending sequence numbers. Message numbers beyond the mailbox
     * are an error (RFC 9051 §9: BAD for an invalid seq-number); UIDs not present are skipped.
     */
    int[] resolve(SequenceSet set, boolean uid) throws CommandFailure {
        BitSet bits = new BitSet(count + 1);
        if (set.savedResult()) {
            for (long u : savedResult) {
                int s = seqOf(u);
                if (s > 0) {
                    bits.set(s);
                }
            }
            return bits.stream().toArray();
        }
        for (SequenceSet.Range r : set.ranges()) {
            if (uid) {
                long max = maxUid();
                long lo = r.low(max);
                long hi = r.high(max);
                int i = Arrays.binarySearch(uids, 0, count, lo);
                i = i >= 0 ? i : -i - 1;
                for (; i < count && uids[i] <= hi; i++) {
                    bits.set(i + 1);
                }
            } else {
                if (count == 0 || (r.from() != SequenceSet.STAR && r.from() > count)
                        || (r.to() != SequenceSet.STAR && r.to() > count)) {
                    throw CommandFailure.bad("invalid message sequence number");
                }
                bits.set((int) r.low(count), (int) r.high(count) + 1);
            }
        }
        return bits.stream().toArray();
    }

    /** Untagged updates found by a sync, to be written by the session. */
    record Gone(int seq, long uid) {}

    record Updates(List<Gone> expunged, int exists, List<MessageRecord> flagChanges, boolean added) {
        boolean isEmpty() {
            return expunged.isEmpty() && flagChanges.isEmpty() && !added;
        }
    }

    /**
     * Takes in changes made by others since the last sync. Expunges are applied only when
     * {@code allowExpunge} (RFC 9051 §7.5.1); {@code expunged} lists their sequence numbers in
     * the order to report them (each one already shifts the later ones), or their UIDs.
     */
    Updates sync(MailboxStore store, boolean allowExpunge, boolean force) {
        boolean wasDirty = dirty.getAndSet(false);
        if (!wasDirty && !force && !(allowExpunge && expungePending)) {
            return new Updates(List.of(), count, List.of(), false);
        }
        // The change log is read by MODSEQ (indexed); the mailbox row, whose counts cost an
        // aggregate over all messages, is not needed. Events tell the highest MODSEQ seen.
        long eventHighest = knownHighest.get();
        List<Gone> expunged = new ArrayList<>();
        if (allowExpunge) {
            for (long uid : store.expungedSince(mailbox.id(), expungesSeen)) {
                int seq = seqOf(uid);
                if (seq > 0) {
                    remove(seq); // RFC 9051 §7.5.1: reported in this order, each renumbering the rest
                    expunged.add(new Gone(seq, uid));
                }
            }
            expungesSeen = Math.max(expungesSeen, eventHighest);
            expungePending = false;
        } else {
            expungePending = true; // look again when expunges may be reported
        }
        List<MessageRecord> flagChanges = new ArrayList<>();
        boolean added = false;
        long highest = changesSeen;
        for (MessageRecord r : store.changedSince(mailbox.id(), changesSeen)) {
            highest = Math.max(highest, r.modSeq());
            MessageRecord known = records.get(r.uid());
            if (known != null) {
                records.put(r.uid(), r);
                if (!known.flags().equals(r.flags()) || known.modSeq() != r.modSeq()) {
                    flagChanges.add(r);
                }
            } else if (r.uid() > maxUid()) {
                append(r);
                added = true;
            }
        }
        changesSeen = Math.max(highest, eventHighest);
        return new Updates(expunged, count, flagChanges, added);
    }

    /** Removes messages this session expunged itself; returns their sequence numbers as reported. */
    List<Gone> removeOwn(List<Long> expungedUids) {
        List<Integer> seqs = new ArrayList<>();
        for (long uid : expungedUids.stream().sorted().toList()) {
            int seq = seqOf(uid);
            if (seq > 0) {
                seqs.add(seq);
            }
        }
        // RFC 9051 §7.5.1: each EXPUNGE renumbers the later messages; report from the highest
        // down so every number is valid when the client reads it.
        List<Gone> reported = new ArrayList<>();
        for (int i = seqs.size() - 1; i >= 0; i--) {
            int seq = seqs.get(i);
            reported.add(new Gone(seq, uids[seq - 1]));
            remove(seq);
        }
        return reported;
    }

    /** Marks every message above {@code uid} as \Recent in this session (RFC 3501 §2.3.2). */
    void markRecentAbove(long uid) {
        for (int i = count - 1; i >= 0 && uids[i] > uid; i--) {
            recent.add(uids[i]);
        }
    }

    boolean isRecent(long uid) {
        return recent.contains(uid);
    }

    int recentCount() {
        return recent.size();
    }

    private void remove(int seq) {
        recent.remove(uids[seq - 1]);
        records.remove(uids[seq - 1]);
        System.arraycopy(uids, seq, uids, seq - 1, count - seq);
        count--;
    }

    private void append(MessageRecord r) {
        if (count == uids.length) {
            uids = Arrays.copyOf(uids, uids.length * 2);
        }
        uids[count++] = r.uid();
        records.put(r.uid(), r);
    }
}
