package dev.facteur.store.sql;

import dev.facteur.store.ChangeEvent;
import dev.facteur.store.ConflictException;
import dev.facteur.store.Mailbox;
import dev.facteur.store.SpecialUse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** Mailbox rows inside a transaction: names, creation, UIDVALIDITY, subscriptions. */
public final class Mailboxes {
    /** RFC 9051 §2.3.1.1: UIDVALIDITY is a 32-bit non-zero number. */
    private static final long MAX_UID_VALIDITY = 0xFFFF_FFFFL;
    private static final int MAX_NAME_LENGTH = 1000;

    static final String COLUMNS = "mb.id, mb.account_id, mb.name, mb.uid_validity, mb.uid_next, mb.highest_modseq, "
            + "mb.special_use, "
            + "(SELECT COUNT(*) FROM subscriptions s WHERE s.account_id = mb.account_id AND s.name = mb.name), "
            + "(SELECT COUNT(*) FROM messages m WHERE m.mailbox_id = mb.id), "
            + "(SELECT COUNT(*) FROM messages m WHERE m.mailbox_id = mb.id AND m.seen = 0), "
            + "(SELECT COALESCE(SUM(m.size), 0) FROM messages m WHERE m.mailbox_id = mb.id)";

    private final InstantSource clock;

    public Mailboxes(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * Canonical form of a mailbox name: {@code INBOX} in any case becomes {@code INBOX}
     * (RFC 9051 §5.1), also as the first level of a hierarchy. Refuses empty levels, control
     * characters and over-long names with {@link IllegalArgumentException}.
     */
    public static String normalise(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a mailbox name has 1 to " + MAX_NAME_LENGTH + " characters");
        }
        for (String level : name.split(String.valueOf(Mailbox.SEPARATOR), -1)) {
            if (level.isEmpty()) {
                throw new IllegalArgumentException("a mailbox name has no empty hierarchy level");
            }
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("a mailbox name has no control characters");
            }
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.equals(Mailbox.INBOX)) {
            return Mailbox.INBOX;
        }
        if (upper.startsWith(Mailbox.INBOX + Mailbox.SEPARATOR)) {
            return Mailbox.INBOX + name.substring(Mailbox.INBOX.length());
        }
        return name;
    }

    static Mailbox row(ResultSet rs) throws SQLException {
        String special = rs.getString(7);
        return new Mailbox(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                special == null ? Optional.empty() : Optional.of(SpecialUse.valueOf(special)), rs.getLong(8) > 0,
                rs.getLong(9), rs.getLong(10), rs.getLong(11));
    }

    static Optional<Mailbox> byId(Tx tx, long mailboxId) throws SQLException {
        return tx.sql("SELECT " + COLUMNS + " FROM mailboxes mb WHERE mb.id = ?").bind(mailboxId).one(Mailboxes::row);
    }

    static Optional<Mailbox> byName(Tx tx, long accountId, String name) throws SQLException {
        return tx.sql("SELECT " + COLUMNS + " FROM mailboxes mb WHERE mb.account_id = ? AND mb.name = ?")
                .bind(accountId, normalise(name)).one(Mailboxes::row);
    }

    static Optional<Long> idByName(Tx tx, long accountId, String name) throws SQLException {
        OptionalLong id = tx.sql("SELECT id FROM mailboxes WHERE account_id = ? AND name = ?")
                .bind(accountId, normalise(name)).oneLong();
        return id.isPresent() ? Optional.of(id.getAsLong()) : Optional.empty();
    }

    static Mailbox require(Tx tx, long mailboxId) throws SQLException {
        return byId(tx, mailboxId).orElseThrow(() -> new ConflictException("no mailbox with id " + mailboxId));
    }

    static List<String> names(Tx tx, long accountId) throws SQLException {
        return tx.sql("SELECT name FROM mailboxes WHERE account_id = ? ORDER BY name").bind(accountId)
                .list(rs -> rs.getString(1));
    }

    /** Inserts a mailbox (its parents must exist or be created by the caller) and returns its id. */
    long insert(Tx tx, long accountId, String name, Optional<SpecialUse> specialUse) throws SQLException {
        long now = clock.millis();
        long id = tx.sql("INSERT INTO mailboxes (account_id, name, uid_validity, uid_next, highest_modseq, special_use, "
                        + "created) VALUES (?, ?, ?, 1, 1, ?, ?) RETURNING id")
                .bind(accountId, name, nextUidValidity(tx, now), Sql.text(specialUse.map(Enum::name)), now)
                .longValue();
        tx.publish(new ChangeEvent.MailboxesChanged(accountId, id, 1));
        return id;
    }

    /** Creates {@code name} and any missing parents; returns the id of {@code name}. */
    long createWithParents(Tx tx, long accountId, String name, Optional<SpecialUse> specialUse) throws SQLException {
        List<String> existing = names(tx, accountId);
        if (existing.contains(name)) {
            throw new ConflictException("mailbox " + name + " already exists");
        }
        // RFC 9051 §6.3.4: CREATE also creates the missing superior hierarchical names.
        int at = name.indexOf(Mailbox.SEPARATOR);
        while (at > 0) {
            String parent = name.substring(0, at);
            if (!existing.contains(parent)) {
                insert(tx, accountId, parent, Optional.empty());
            }
            at = name.indexOf(Mailbox.SEPARATOR, at + 1);
        }
        return insert(tx, accountId, name, specialUse);
    }

    /**
     * A new UIDVALIDITY: the current time in seconds, or one more than the last one given out,
     * so that a mailbox deleted and created again under the same name never reuses one.
     */
    private static long nextUidValidity(Tx tx, long nowMillis) throws SQLException {
        long candidate = Math.max(1, Math.min(nowMillis / 1000, MAX_UID_VALIDITY));
        long v = tx.sql("INSERT INTO counters (name, value) VALUES ('uidvalidity', ?) ON CONFLICT (name) DO UPDATE "
                        + "SET value = CASE WHEN counters.value + 1 > excluded.value THEN counters.value + 1 "
                        + "ELSE excluded.value END RETURNING value")
                .bind(candidate).longValue();
        if (v > MAX_UID_VALIDITY) {
            // Wrapped after 2^32 creations: start again at 1; clients see a different value anyway.
            tx.sql("UPDATE counters SET value = 1 WHERE name = 'uidvalidity'").update();
            return 1;
        }
        return v;
    }

    void subscribe(Tx tx, long accountId, String name) throws SQLException {
        tx.sql("INSERT INTO subscriptions (account_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .bind(accountId, name).update();
    }
}
