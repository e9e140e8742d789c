package dev.facteur.store.sql;

import dev.facteur.store.Appended;
import dev.facteur.store.BlobId;
import dev.facteur.store.ChangeEvent;
import dev.facteur.store.ConflictException;
import dev.facteur.store.FlagChange;
import dev.facteur.store.FlagResult;
import dev.facteur.store.Flags;
import dev.facteur.store.Mailbox;
import dev.facteur.store.MailboxIndex;
import dev.facteur.store.MessageRecord;
import dev.facteur.store.NewMessage;
import dev.facteur.store.QuotaExceededException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Message rows inside a transaction. Every change takes the mailbox row first (a row lock on
 * PostgreSQL), raises HIGHESTMODSEQ, writes the change log and queues a change event.
 */
final class Messages {
    static final String COLUMNS =
            "mailbox_id, uid, modseq, flags, internal_date, save_date, size, blob, email_id, thread_id, summary, internal_zone";
    private static final int IN_CHUNK = 500;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_CACHED = 100_000;

    private final java.util.Map<Long, Long> accounts = new java.util.concurrent.ConcurrentHashMap<>();

    private final InstantSource clock;

    Messages(InstantSource clock) {
        this.clock = clock;
    }

    static MessageRecord row(ResultSet rs) throws SQLException {
        String flags = rs.getString(4);
        return new MessageRecord(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                flags.isEmpty() ? Flags.NONE : Flags.of(Arrays.asList(flags.split(" "))),
                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)), rs.getLong(7),
                new BlobId(rs.getString(8)), rs.getString(9), rs.getString(10), rs.getBytes(11),
                ZoneOffset.ofTotalSeconds(rs.getInt(12)));
    }

    static String flagText(Flags flags) {
        return String.join(" ", flags.values());
    }

    /**
     * A row to insert. A copy or move keeps its EMAILID and THREADID (RFC 8474 §5.1) and a move
     * does not count against the quota (the bytes only change mailbox).
     */
    private record NewRow(NewMessage message, Optional<String[]> identity, boolean countsAgainstQuota) {}

    Appended append(Tx tx, long mailboxId, NewMessage m) throws SQLException {
        return insert(tx, mailboxId, new NewRow(m, Optional.empty(), true));
    }

    private Appended insert(Tx tx, long mailboxId, NewRow row) throws SQLException {
        NewMessage m = row.message();
        String emailId = row.identity().isPresent() ? row.identity().get()[0] : "M" + randomId();
        String threadId = row.identity().isPresent() ? row.identity().get()[1]
                : threadId(tx, accountOf(tx, mailboxId), m.threadKey());
        Optional<String> oneStatement = tx.dialect().appendStatement();
        long[] next = oneStatement.isPresent()
                ? tx.sql(oneStatement.get())
                        .bind(mailboxId, flagText(m.flags()), m.flags().contains(Flags.SEEN),
                                m.internalDate().toEpochMilli(), clock.millis(), m.size(), m.blob().hex(), emailId,
                                threadId, m.summary(), m.internalZone().getTotalSeconds(), header(m))
                        .one(rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)})
                        .orElseThrow(() -> new ConflictException("no mailbox with id " + mailboxId))
                : insertRows(tx, mailboxId, m, emailId, threadId);
        long accountId = next[0];
        // Checked after the insert (the whole unit is rolled back if it fails), so it costs nothing without a quota.
        if (row.countsAgainstQuota() && next[4] > 0) {
            checkQuota(tx, accountId, next[4], m.size());
        }
        tx.publish(new ChangeEvent.MessageAdded(accountId, mailboxId, next[2], next[3]));
        return new Appended(mailboxId, next[1], next[2], next[3], emailId);
    }

    /** The statements of an append one by one; returns (account, uidvalidity, uid, modseq, quota). */
    private long[] insertRows(Tx tx, long mailboxId, NewMessage m, String emailId, String threadId)
            throws SQLException {
        long[] next = tx.sql("UPDATE mailboxes SET uid_next = uid_next + 1, highest_modseq = highest_modseq + 1 "
                        + "WHERE id = ? RETURNING account_id, uid_validity, uid_next - 1, highest_modseq, "
                        + "(SELECT quota_bytes FROM accounts WHERE accounts.id = mailboxes.account_id)")
                .bind(mailboxId)
                .one(rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)})
                .orElseThrow(() -> new ConflictException("no mailbox with id " + mailboxId));
        long accountId = next[0];
        tx.sql("INSERT INTO messages (mailbox_id, uid, account_id, modseq, flags, seen, internal_date, save_date, size, "
                        + "blob, email_id, thread_id, summary, internal_zone, header) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(mailboxId, next[2], accountId, next[3], flagText(m.flags()), m.flags().contains(Flags.SEEN),
                        m.internalDate().toEpochMilli(), clock.millis(), m.size(), m.blob().hex(), emailId, threadId,
                        m.summary(), m.internalZone().getTotalSeconds(), header(m))
                .update();
        tx.sql("INSERT INTO changes (mailbox_id, modseq, uid, kind) VALUES (?, ?, ?, 'A')")
                .bind(mailboxId, next[3], next[2]).update();
        return next;
    }

    /** The cached header, or SQL NULL when the message was stored without one. */
    private static Object header(NewMessage m) {
        return m.header().length == 0 ? new Sql.Null(java.sql.Types.VARBINARY) : m.header();
    }

    /** The account of a mailbox; cached, since a mailbox never changes account and ids are never reused. */
    private long accountOf(Tx tx, long mailboxId) throws SQLException {
        Long cached = accounts.get(mailboxId);
        if (cached != null) {
            return cached;
        }
        long account = tx.sql("SELECT account_id FROM mailboxes WHERE id = ?").bind(mailboxId).oneLong()
                .orElseThrow(() -> new ConflictException("no mailbox with id " + mailboxId));
        if (accounts.size() < MAX_CACHED) {
            accounts.put(mailboxId, account);
        }
        return account;
    }

    private static void checkQuota(Tx tx, long accountId, long quota, long size) throws SQLException {
        long used = SqlDirectory.usage(tx, accountId) - size; // the new message is already counted
        if (used + size > quota) {
            throw new QuotaExceededException("the message (" + size + " bytes) would exceed the quota of "
                    + quota + " bytes (" + used + " used)");
        }
    }

    /** RFC 8474 §5.2: messages whose thread key matches share a THREADID within an account. */
    private static String threadId(Tx tx, long accountId, String threadKey) throws SQLException {
        if (threadKey.isBlank()) {
            return "T" + randomId();
        }
        // One round trip: the existing thread, or this new one.
        return tx.sql("INSERT INTO threads (account_id, thread_key, thread_id) VALUES (?, ?, ?) "
                        + "ON CONFLICT (account_id, thread_key) DO UPDATE SET thread_id = threads.thread_id "
                        + "RETURNING thread_id")
                .bind(accountId, sha256(threadKey), "T" + randomId()).one(rs -> rs.getString(1)).orElseThrow();
    }

    /** RFC 8474 §5.1: an objectid of 1 to 255 characters from the base64url alphabet; ours are 24 hex digits. */
    private static String randomId() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Takes the mailbox row's lock (PostgreSQL) before reading messages to change them. */
    private static long lockMailbox(Tx tx, long mailboxId) throws SQLException {
        return tx.sql("UPDATE mailboxes SET highest_modseq = highest_modseq WHERE id = ? RETURNING account_id")
                .bind(mailboxId).oneLong()
                .orElseThrow(() -> new ConflictException("no mailbox with id " + mailboxId));
    }

    private static long nextModSeq(Tx tx, long mailboxId) throws SQLException {
        return tx.sql("UPDATE mailboxes SET highest_modseq = highest_modseq + 1 WHERE id = ? RETURNING highest_modseq")
                .bind(mailboxId).longValue();
    }

    /** The messages among {@code uids} that exist, in UID order. */
    static List<MessageRecord> select(Tx tx, long mailboxId, List<Long> uids) throws SQLException {
        return inChunks(tx, "SELECT " + COLUMNS + " FROM messages", mailboxId, uids, Messages::row);
    }

    /**
     * UID, MODSEQ and flags of every message of a mailbox in UID order, into growing parallel
     * arrays; messages with the same flag text share one Flags.
     */
    static MailboxIndex index(Tx tx, long mailboxId) throws SQLException {
        IndexBuilder index = new IndexBuilder();
        tx.sql("SELECT uid, modseq, flags FROM messages WHERE mailbox_id = ? ORDER BY uid").bind(mailboxId)
                .list(rs -> index.add(rs.getLong(1), rs.getLong(2), rs.getString(3)));
        return index.build();
    }

    /** Parallel arrays grown as rows arrive. */
    private static final class IndexBuilder {
        private final Map<String, Flags> shared = new java.util.HashMap<>();
        private long[] uids = new long[64];
        private long[] modSeqs = new long[64];
        private Flags[] flags = new Flags[64];
        private int count;

        boolean add(long uid, long modSeq, String flagText) {
            if (count == uids.length) {
                uids = Arrays.copyOf(uids, count * 2);
                modSeqs = Arrays.copyOf(modSeqs, count * 2);
                flags = Arrays.copyOf(flags, count * 2);
            }
            uids[count] = uid;
            modSeqs[count] = modSeq;
            flags[count] = shared.computeIfAbsent(flagText,
                    text -> text.isEmpty() ? Flags.NONE : Flags.of(Arrays.asList(text.split(" "))));
            count++;
            return true;
        }

        /** Trimmed: the receiver keeps the arrays (an empty mailbox, which most are, costs nothing). */
        MailboxIndex build() {
            return new MailboxIndex(Arrays.copyOf(uids, count), Arrays.copyOf(modSeqs, count),
                    Arrays.copyOf(flags, count), count);
        }
    }

    /** The cached headers of the messages among {@code uids} that have one, by UID. */
    static Map<Long, byte[]> headers(Tx tx, long mailboxId, List<Long> uids) throws SQLException {
        Map<Long, byte[]> out = new java.util.HashMap<>();
        for (Map.Entry<Long, byte[]> e : inChunks(tx, "SELECT uid, header FROM messages", mailboxId, uids,
                rs -> Map.entry(rs.getLong(1), Optional.ofNullable(rs.getBytes(2)).orElse(new byte[0])))) {
            if (e.getValue().length > 0) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Runs {@code select} (without WHERE) over the existing {@code uids} of a mailbox, in UID order. */
    private static <T> List<T> inChunks(Tx tx, String select, long mailboxId, List<Long> uids, Sql.Row<T> row)
            throws SQLException {
        List<Long> all = new ArrayList<>(new TreeSet<>(uids));
        List<T> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            Object[] params = new Object[chunk.size() + 1];
            params[0] = mailboxId;
            for (int i = 0; i < chunk.size(); i++) {
                params[i + 1] = chunk.get(i);
            }
            out.addAll(tx.sql(select + " WHERE mailbox_id = ? AND uid IN (" + marks + ") ORDER BY uid")
                    .bind(params).list(row));
        }
        return out;
    }

    FlagResult changeFlags(Tx tx, long mailboxId, FlagChange change) throws SQLException {
        long accountId = lockMailbox(tx, mailboxId);
        List<MessageRecord> changed = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        long modSeq = 0;
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> log = new ArrayList<>();
        for (MessageRecord m : select(tx, mailboxId, change.uids())) {
            // RFC 7162 §3.1.3: UNCHANGEDSINCE fails for messages modified after the given MODSEQ.
            if (change.unchangedSince().isPresent() && m.modSeq() > change.unchangedSince().getAsLong()) {
                failed.add(m.uid());
                continue;
            }
            Flags next = switch (change.mode()) {
                case ADD -> m.flags().plus(change.flags());
                case REMOVE -> m.flags().minus(change.flags());
                case REPLACE -> change.flags();
            };
            if (next.equals(m.flags())) {
                continue;
            }
            if (modSeq == 0) {
                modSeq = nextModSeq(tx, mailboxId);
            }
            updates.add(new Object[] {flagText(next), next.contains(Flags.SEEN) ? 1 : 0, modSeq, mailboxId, m.uid()});
            log.add(new Object[] {mailboxId, modSeq, m.uid()});
            changed.add(m.withFlags(next, modSeq));
            tx.publish(new ChangeEvent.FlagsChanged(accountId, mailboxId, m.uid(), modSeq));
        }
        tx.sql("UPDATE messages SET flags = ?, seen = ?, modseq = ? WHERE mailbox_id = ? AND uid = ?").batch(updates);
        tx.sql("INSERT INTO changes (mailbox_id, modseq, uid, kind) VALUES (?, ?, ?, 'F')").batch(log);
        return new FlagResult(changed, failed);
    }

    List<Long> expunge(Tx tx, long mailboxId, List<Long> uids) throws SQLException {
        long accountId = lockMailbox(tx, mailboxId);
        List<MessageRecord> present = select(tx, mailboxId, uids);
        if (present.isEmpty()) {
            return List.of();
        }
        long modSeq = nextModSeq(tx, mailboxId);
        List<Object[]> deletes = new ArrayList<>();
        List<Object[]> log = new ArrayList<>();
        List<Long> removed = new ArrayList<>();
        for (MessageRecord m : present) {
            deletes.add(new Object[] {mailboxId, m.uid()});
            log.add(new Object[] {mailboxId, modSeq, m.uid()});
            removed.add(m.uid());
            tx.publish(new ChangeEvent.Expunged(accountId, mailboxId, m.uid(), modSeq));
        }
        tx.sql("DELETE FROM messages WHERE mailbox_id = ? AND uid = ?").batch(deletes);
        tx.sql("INSERT INTO changes (mailbox_id, modseq, uid, kind) VALUES (?, ?, ?, 'X')").batch(log);
        return removed;
    }

    /** Copies the messages among {@code uids} to {@code to}; returns source UID to new UID. */
    Map<Long, Long> copy(Tx tx, long from, List<Long> uids, long to) throws SQLException {
        return copy(tx, from, uids, to, true);
    }

    private Map<Long, Long> copy(Tx tx, long from, List<Long> uids, long to, boolean quota) throws SQLException {
        Mailbox source = Mailboxes.require(tx, from);
        Mailbox target = Mailboxes.require(tx, to);
        if (source.accountId() != target.accountId()) {
            throw new ConflictException("messages are copied within one account only");
        }
        Map<Long, Long> out = new LinkedHashMap<>();
        Map<Long, byte[]> headers = headers(tx, from, uids);
        for (MessageRecord m : select(tx, from, uids)) {
            NewMessage copy = new NewMessage(m.blob(), m.size(), m.internalDate(), m.flags(), m.summary(), "",
                    m.internalZone(), headers.getOrDefault(m.uid(), new byte[0]));
            Appended a = insert(tx, to, new NewRow(copy, Optional.of(new String[] {m.emailId(), m.threadId()}), quota));
            out.put(m.uid(), a.uid());
        }
        return out;
    }

    Map<Long, Long> move(Tx tx, long from, List<Long> uids, long to) throws SQLException {
        if (from == to) {
            throw new ConflictException("a message cannot be moved to the mailbox it is in");
        }
        Map<Long, Long> moved = copy(tx, from, uids, to, false);
        expunge(tx, from, List.copyOf(moved.keySet()));
        return moved;
    }
}
