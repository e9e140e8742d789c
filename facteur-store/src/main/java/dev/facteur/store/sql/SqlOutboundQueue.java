package dev.facteur.store.sql;

import dev.facteur.store.BlobId;
import dev.facteur.store.ConflictException;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundQueue;
import dev.facteur.store.OutboundRecipient;
import dev.facteur.store.QueuedMessage;
import dev.facteur.store.RecipientOutcome;
import dev.facteur.store.RecipientState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link OutboundQueue} over SQL. A claim sets a lease (owner and expiry) on due rows; on
 * PostgreSQL the claim query skips rows another node has locked ({@code FOR UPDATE SKIP LOCKED}),
 * on SQLite the single writer serialises claims. When {@link #record} leaves no recipient
 * pending, the message leaves the queue.
 */
public final class SqlOutboundQueue implements OutboundQueue {
    private static final String COLUMNS = "id, sender, blob, size, ret, env_id, smtp_utf8, eight_bit, require_tls, "
            + "queued_at, attempts, next_attempt, held, last_error";

    private final Database db;
    private final InstantSource clock;

    public SqlOutboundQueue(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public QueuedMessage enqueue(OutboundMessage m) {
        if (m.recipients().isEmpty()) {
            throw new IllegalArgumentException("a queued message has at least one recipient");
        }
        long id = db.write(tx -> insert(tx, m));
        return find(id).orElseThrow();
    }

    /** Inserts the message and its recipients in the caller's transaction; returns its id. */
    static long insert(Tx tx, OutboundMessage m) throws SQLException {
        long newId = tx.sql("INSERT INTO queue_messages (sender, blob, size, ret, env_id, smtp_utf8, eight_bit, "
                        + "require_tls, queued_at, next_attempt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")
                .bind(Sql.text(m.sender()), m.blob().hex(), m.size(), Sql.text(m.ret()), Sql.text(m.envId()),
                        m.smtpUtf8(), m.eightBit(), m.requireTls(), m.queuedAt().toEpochMilli(),
                        m.queuedAt().toEpochMilli())
                .longValue();
        List<Object[]> rows = new ArrayList<>();
        int position = 0;
        for (OutboundRecipient r : m.recipients()) {
            rows.add(new Object[] {newId, position++, r.address(), Sql.text(r.notifyOn()), Sql.text(r.orcpt()),
                RecipientState.Status.PENDING.name(), ""});
        }
        tx.sql("INSERT INTO queue_recipients (message_id, position, address, notify_on, orcpt, status, last_reply) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)").batch(rows);
        return newId;
    }

    @Override
    public List<QueuedMessage> claim(String worker, Instant now, int max, long leaseSeconds) {
        if (max <= 0 || leaseSeconds <= 0) {
            throw new IllegalArgumentException("claim at least one message for a positive lease");
        }
        long at = now.toEpochMilli();
        return db.write(tx -> {
            List<Long> ids = tx.sql("SELECT id FROM queue_messages WHERE next_attempt <= ? AND held = 0 "
                            + "AND lease_until <= ? ORDER BY next_attempt, id LIMIT ?" + tx.dialect().lockForClaim())
                    .bind(at, at, max).list(rs -> rs.getLong(1));
            List<QueuedMessage> out = new ArrayList<>();
            for (long id : ids) {
                tx.sql("UPDATE queue_messages SET lease_owner = ?, lease_until = ? WHERE id = ?")
                        .bind(worker, at + leaseSeconds * 1000, id).update();
                load(tx, id).ifPresent(out::add);
            }
            return out;
        });
    }

    @Override
    public void record(long messageId, List<RecipientOutcome> outcomes, Optional<Instant> nextAttempt) {
        List<RecipientOutcome> copy = List.copyOf(outcomes);
        db.write(tx -> {
            requireMessage(tx, messageId);
            String lastError = "";
            for (RecipientOutcome o : copy) {
                tx.sql("UPDATE queue_recipients SET status = ?, last_reply = ? WHERE message_id = ? AND address = ?")
                        .bind(o.status().name(), o.reply(), messageId, o.address()).update();
                if (o.status() != RecipientState.Status.DELIVERED && o.status() != RecipientState.Status.RELAYED) {
                    lastError = o.reply();
                }
            }
            long pending = tx.sql("SELECT COUNT(*) FROM queue_recipients WHERE message_id = ? AND status = ?")
                    .bind(messageId, RecipientState.Status.PENDING.name()).longValue();
            if (pending == 0) {
                deleteRows(tx, messageId);
                return null;
            }
            long next = nextAttempt.orElse(clock.instant()).toEpochMilli();
            tx.sql("UPDATE queue_messages SET attempts = attempts + 1, next_attempt = ?, last_error = ?, "
                    + "lease_owner = NULL, lease_until = 0 WHERE id = ?").bind(next, lastError, messageId).update();
            return null;
        });
    }

    @Override
    public Optional<QueuedMessage> find(long messageId) {
        return db.read(tx -> load(tx, messageId));
    }

    @Override
    public List<QueuedMessage> list(int limit) {
        return db.read(tx -> {
            List<Long> ids = tx.sql("SELECT id FROM queue_messages ORDER BY next_attempt, id LIMIT ?").bind(limit)
                    .list(rs -> rs.getLong(1));
            List<QueuedMessage> out = new ArrayList<>();
            for (long id : ids) {
                load(tx, id).ifPresent(out::add);
            }
            return out;
        });
    }

    @Override
    public void retryNow(long messageId) {
        long now = clock.millis();
        db.write(tx -> {
            requireMessage(tx, messageId);
            return tx.sql("UPDATE queue_messages SET next_attempt = ?, held = 0 WHERE id = ?").bind(now, messageId)
                    .update();
        });
    }

    @Override
    public void hold(long messageId, boolean held) {
        db.write(tx -> {
            requireMessage(tx, messageId);
            return tx.sql("UPDATE queue_messages SET held = ? WHERE id = ?").bind(held, messageId).update();
        });
    }

    @Override
    public void delete(long messageId) {
        db.write(tx -> {
            requireMessage(tx, messageId);
            deleteRows(tx, messageId);
            return null;
        });
    }

    @Override
    public long size() {
        return db.read(tx -> tx.sql("SELECT COUNT(*) FROM queue_messages").longValue());
    }

    private static void requireMessage(Tx tx, long id) throws SQLException {
        if (!tx.sql("SELECT 1 FROM queue_messages WHERE id = ?").bind(id).exists()) {
            throw new ConflictException("no queued message with id " + id);
        }
    }

    private static void deleteRows(Tx tx, long id) throws SQLException {
        tx.sql("DELETE FROM queue_recipients WHERE message_id = ?").bind(id).update();
        tx.sql("DELETE FROM queue_messages WHERE id = ?").bind(id).update();
    }

    private static Optional<QueuedMessage> load(Tx tx, long id) throws SQLException {
        List<RecipientState> recipients = tx.sql("SELECT address, notify_on, orcpt, status, last_reply "
                        + "FROM queue_recipients WHERE message_id = ? ORDER BY position").bind(id)
                .list(rs -> new RecipientState(new OutboundRecipient(rs.getString(1),
                        Optional.ofNullable(rs.getString(2)), Optional.ofNullable(rs.getString(3))),
                        RecipientState.Status.valueOf(rs.getString(4)), rs.getString(5)));
        return tx.sql("SELECT " + COLUMNS + " FROM queue_messages WHERE id = ?").bind(id)
                .one(rs -> message(rs, recipients));
    }

    private static QueuedMessage message(ResultSet rs, List<RecipientState> recipients) throws SQLException {
        List<OutboundRecipient> envelope = recipients.stream().map(RecipientState::recipient).toList();
        OutboundMessage m = new OutboundMessage(Optional.ofNullable(rs.getString(2)), envelope,
                new BlobId(rs.getString(3)), rs.getLong(4), Optional.ofNullable(rs.getString(5)),
                Optional.ofNullable(rs.getString(6)), rs.getInt(7) != 0, rs.getInt(8) != 0, rs.getInt(9) != 0,
                Instant.ofEpochMilli(rs.getLong(10)));
        return new QueuedMessage(rs.getLong(1), m, recipients, rs.getInt(11), Instant.ofEpochMilli(rs.getLong(12)),
                rs.getInt(13) != 0, rs.getString(14));
    }
}
