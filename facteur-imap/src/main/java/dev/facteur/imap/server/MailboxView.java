package dev.facteur.imap.server;

import dev.facteur.imap.proto.SequenceSet;
import dev.facteur.store.ChangeEvent;
import dev.facteur.store.Flags;
import dev.facteur.store.Mailbox;
import dev.facteur.store.MailboxIndex;
import dev.facteur.store.MailboxStore;
import dev.facteur.store.MessageRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One session's view of its selected mailbox: its own message sequence numbers (RFC 9051
 * §2.3.1.2), which change only when this session reports EXISTS or EXPUNGE. It holds UID, MODSEQ
 * and flags of each message in parallel arrays (about 20 bytes a message; messages with equal
 * flags share one {@link Flags}); whole rows are read from the store when a command needs them
 * ({@link #load}). It learns of other sessions' changes through the store's change log
 * ({@code changedSince}, {@code expungedSince}) when {@link #sync} is called at a point where
 * RFC 9051 §7 allows untagged updates, and only queries the log when a change event or a
 * {@link LocalChanges} counter says there is something to read.
 */
final class MailboxView {

    private static final int MAX_SHARED = 1024;

    private final Mailbox mailbox;
    private long[] uids;
    private long[] modSeqs;
    private Flags[] flags;
    private int count;
    /** Equal flag sets share one instance (made at first use: most idle views never need it). */
    private @Nullable Map<Flags, Flags> shared;
    /** The highest MODSEQ whose flag changes and new messages this view has taken in. */
    private long changesSeen;
    /** The highest MODSEQ whose expunges this view has taken in (deferred during FETCH/STORE/SEARCH). */
    private long expungesSeen;
    /** The highest MODSEQ of new-message and flag events for this mailbox (written by the bus thread). */
    private final AtomicLong changeEvents = new AtomicLong();
    /** The highest MODSEQ of expunge events for this mailbox (written by the bus thread). */
    private final AtomicLong expungeEvents = new AtomicLong();
    /** This server's sessions' changes to the mailbox, and the value this view last looked at. */
    private final AtomicLong localChanges;
    private long localSeen;
    private boolean expungePending;
    /** Keywords announced to the client in FLAGS (RFC 9051 §7.3.5); a new one is announced before its first use. */
    private final TreeSet<String> announced = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    /** RFC 3501 §2.3.2: the UIDs that are \Recent in this session (IMAP4rev1 only; made at first use). */
    private @Nullable Set<Long> recent;
    /** RFC 5182 SEARCHRES: the UIDs of the last SEARCH ... RETURN (SAVE). */
    private List<Long> savedResult = List.of();

    private MailboxView(Mailbox mailbox, MailboxIndex index, AtomicLong localChanges, long localSeen) {
        this.mailbox = mailbox;
        this.count = index.count();
        this.uids = index.uids();
        this.modSeqs = index.modSeqs();
        this.flags = index.flags();
        long highest = mailbox.highestModSeq();
        Flags last = null;
        Flags lastShared = null;
        for (int i = 0; i < count; i++) {
            if (flags[i] != last) { // the store gives equal flags as one instance: look each run up once
                last = flags[i];
                lastShared = share(last);
            }
            flags[i] = lastShared;
            highest = Math.max(highest, modSeqs[i]);
        }
        this.changesSeen = highest;
        this.expungesSeen = mailbox.highestModSeq();
        this.localChanges = localChanges;
        this.localSeen = localSeen;
    }

    static MailboxView open(MailboxStore store, Mailbox mailbox, LocalChanges local) {
        // The counter is read before the messages, so every local change it counts is in them; the
        // mailbox row was read before both: changes committed in between are looked for again at
        // the next sync, which is harmless (sync compares).
        AtomicLong counter = local.counter(mailbox.id());
        long seen = counter.get();
        return new MailboxView(mailbox, store.index(mailbox.id()), counter, seen);
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

    Flags flagsAt(int seq) {
        return flags[seq - 1];
    }

    long modSeqAt(int seq) {
        return modSeqs[seq - 1];
    }

    /** The sequence number of {@code uid}, or 0 if it is not in the view. */
    int seqOf(long uid) {
        int i = Arrays.binarySearch(uids, 0, count, uid);
        return i >= 0 ? i + 1 : 0;
    }

    long maxUid() {
        return count == 0 ? 0 : uids[count - 1];
    }

    /**
     * The stored rows of the messages with these UIDs, by UID, in a few queries. A message another
     * session has expunged meanwhile (still in this view until reported) is absent.
     */
    Map<Long, MessageRecord> load(MailboxStore store, List<Long> wanted) {
        Map<Long, MessageRecord> out = HashMap.newHashMap(wanted.size());
        if (!wanted.isEmpty()) {
            for (MessageRecord r : store.messages(mailbox.id(), wanted)) {
                out.put(r.uid(), r);
            }
        }
        return out;
    }

    /** Notes a change event for this mailbox; called from the change bus thread, never blocks. */
    void changed(ChangeEvent event) {
        switch (event) {
            case ChangeEvent.MessageAdded e -> changeEvents.accumulateAndGet(e.modSeq(), Math::max);
            case ChangeEvent.FlagsChanged e -> changeEvents.accumulateAndGet(e.modSeq(), Math::max);
            case ChangeEvent.Expunged e -> expungeEvents.accumulateAndGet(e.modSeq(), Math::max);
            case ChangeEvent.MailboxesChanged e -> { } // names and hierarchy: nothing for the selected state
        }
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

    /**
     * Records a flag change this session made itself (STORE), so sync will not report it again.
     * When its MODSEQ directly follows what the view has seen, no change of anyone else can lie
     * between, and the view has now seen it too.
     */
    void update(MessageRecord r) {
        int seq = seqOf(r.uid());
        if (seq > 0) {
            flags[seq - 1] = share(r.flags());
            modSeqs[seq - 1] = r.modSeq();
        }
        if (r.modSeq() == changesSeen + 1) {
            changesSeen = r.modSeq();
        }
    }

    /**
     * After this session's own flag change (whose records went through {@link #update}) raised the
     * {@link LocalChanges} counter to {@code count}: if nobody else raised it meanwhile, there is
     * nothing new to look for.
     */
    void ownFlagChange(long count) {
        if (count == localSeen + 1) {
            localSeen = count;
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

    /** {@code flagChanges} are UIDs whose flags or MODSEQ changed (read them from the view). */
    record Updates(List<Gone> expunged, int exists, List<Long> flagChanges, boolean added) {
        boolean isEmpty() {
            return expunged.isEmpty() && flagChanges.isEmpty() && !added;
        }
    }

    /**
     * Takes in changes made by others since the last sync. Expunges are applied only when
     * {@code allowExpunge} (RFC 9051 §7.5.1); {@code expunged} lists their sequence numbers in
     * the order to report them (each one already shifts the later ones), or their UIDs. Without a
     * change event beyond what the view has seen and without a local change, no query is made.
     */
    Updates sync(MailboxStore store, boolean allowExpunge) {
        long local = localChanges.get();
        boolean localNews = local != localSeen;
        long changeHigh = changeEvents.get();
        long expungeHigh = expungeEvents.get();
        boolean changes = localNews || changeHigh > changesSeen;
        boolean expunges = localNews || expungePending || expungeHigh > expungesSeen;
        if (!changes && !(expunges && allowExpunge)) {
            expungePending |= expunges;
            return new Updates(List.of(), count, List.of(), false);
        }
        // Every local change counted in `local` has committed: the queries below see it.
        localSeen = local;
        List<Gone> expunged = new ArrayList<>();
        if (expunges && allowExpunge) {
            for (long uid : store.expungedSince(mailbox.id(), expungesSeen)) {
                int seq = seqOf(uid);
                if (seq > 0) {
                    remove(seq); // RFC 9051 §7.5.1: reported in this order, each renumbering the rest
                    expunged.add(new Gone(seq, uid));
                }
            }
            expungesSeen = Math.max(expungesSeen, expungeHigh);
            expungePending = false;
        } else {
            expungePending |= expunges; // look again when expunges may be reported
        }
        List<Long> flagChanges = new ArrayList<>();
        boolean added = false;
        if (changes) {
            long highest = changesSeen;
            for (MessageRecord r : store.changedSince(mailbox.id(), changesSeen)) {
                highest = Math.max(highest, r.modSeq());
                int seq = seqOf(r.uid());
                if (seq > 0) {
                    if (!flags[seq - 1].equals(r.flags()) || modSeqs[seq - 1] != r.modSeq()) {
                        flags[seq - 1] = share(r.flags());
                        modSeqs[seq - 1] = r.modSeq();
                        flagChanges.add(r.uid());
                    }
                } else if (r.uid() > maxUid()) {
                    append(r);
                    added = true;
                }
            }
            changesSeen = Math.max(highest, changeHigh);
        }
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
            if (recent == null) {
                recent = new HashSet<>();
            }
            recent.add(uids[i]);
        }
    }

    boolean isRecent(long uid) {
        return recent != null && recent.contains(uid);
    }

    int recentCount() {
        return recent == null ? 0 : recent.size();
    }

    private Flags share(Flags f) {
        if (shared == null) {
            shared = new HashMap<>();
        }
        if (shared.size() > MAX_SHARED) {
            shared.clear(); // sharing saves memory; a client making endless keyword sets gets no more of it
        }
        Flags known = shared.putIfAbsent(f, f);
        return known != null ? known : f;
    }

    private void remove(int seq) {
        if (recent != null) {
            recent.remove(uids[seq - 1]);
        }
        System.arraycopy(uids, seq, uids, seq - 1, count - seq);
        System.arraycopy(modSeqs, seq, modSeqs, seq - 1, count - seq);
        System.arraycopy(flags, seq, flags, seq - 1, count - seq);
        count--;
        flags[count] = null;
    }

    private void append(MessageRecord r) {
        if (count == uids.length) {
            int size = Math.max(16, count * 2);
            uids = Arrays.copyOf(uids, size);
            modSeqs = Arrays.copyOf(modSeqs, size);
            flags = Arrays.copyOf(flags, size);
        }
        uids[count] = r.uid();
        modSeqs[count] = r.modSeq();
        flags[count] = share(r.flags());
        count++;
    }
}
