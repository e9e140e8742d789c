package dev.facteur.store.sql;

import dev.facteur.store.Appended;
import dev.facteur.store.ChangeEvent;
import dev.facteur.store.ConflictException;
import dev.facteur.store.FlagChange;
import dev.facteur.store.FlagResult;
import dev.facteur.store.Mailbox;
import dev.facteur.store.MailboxIndex;
import dev.facteur.store.MailboxStore;
import dev.facteur.store.MessageRecord;
import dev.facteur.store.NewMessage;
import dev.facteur.store.SpecialUse;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link MailboxStore} over SQL. */
public final class SqlMailboxStore implements MailboxStore {
    private final Database db;
    private final Mailboxes mailboxes;
    private final Messages messages;
    /** Messages whose index entries may stay cached: ~20 bytes each, so at most ~5 MB. */
    private static final long CACHED_INDEX_MESSAGES = 250_000;
    private final MailboxIndexCache indexes = new MailboxIndexCache(CACHED_INDEX_MESSAGES);

    public SqlMailboxStore(Database db, InstantSource clock, Mailboxes mailboxes) {
        this.db = db;
        this.mailboxes = mailboxes;
        this.messages = new Messages(clock);
    }

    @Override
    public List<Mailbox> list(long accountId) {
        return db.read(tx -> tx.sql("SELECT " + Mailboxes.COLUMNS + " FROM mailboxes mb WHERE mb.account_id = ? "
                + "ORDER BY mb.name").bind(accountId).list(Mailboxes::row));
    }

    @Override
    public Optional<Mailbox> find(long accountId, String name) {
        return db.read(tx -> Mailboxes.byName(tx, accountId, name));
    }

    @Override
    public Optional<Long> id(long accountId, String name) {
        return db.read(tx -> Mailboxes.idByName(tx, accountId, name));
    }

    @Override
    public Optional<Mailbox> find(long mailboxId) {
        return db.read(tx -> Mailboxes.byId(tx, mailboxId));
    }

    @Override
    public Mailbox create(long accountId, String name, Optional<SpecialUse> specialUse) {
        String canonical = Mailboxes.normalise(name);
        return db.write(tx -> {
            requireAccount(tx, accountId);
            long id = mailboxes.createWithParents(tx, accountId, canonical, specialUse);
            return Mailboxes.require(tx, id);
        });
    }

    private static void requireAccount(Tx tx, long accountId) throws SQLException {
        if (!tx.sql("SELECT 1 FROM accounts WHERE id = ?").bind(accountId).exists()) {
            throw new ConflictException("no account with id " + accountId);
        }
    }

    /**
     * Deletes the mailbox and its messages. Refuses INBOX (RFC 9051 §6.3.5) and, like several
     * servers, a mailbox that still has children (so no \Noselect placeholders are needed).
     */
    @Override
    public void delete(long mailboxId) {
        db.write(tx -> {
            Mailbox m = Mailboxes.require(tx, mailboxId);
            if (m.isInbox()) {
                throw new ConflictException("INBOX cannot be deleted");
            }
            String prefix = m.name() + Mailbox.SEPARATOR;
            if (Mailboxes.names(tx, m.accountId()).stream().anyMatch(n -> n.startsWith(prefix))) {
                throw new ConflictException("mailbox " + m.name() + " has child mailboxes; delete them first");
            }
            tx.sql("DELETE FROM changes WHERE mailbox_id = ?").bind(mailboxId).update();
            tx.sql("DELETE FROM messages WHERE mailbox_id = ?").bind(mailboxId).update();
            tx.sql("DELETE FROM mailboxes WHERE id = ?").bind(mailboxId).update();
            indexes.invalidate(mailboxId);
            tx.publish(new ChangeEvent.MailboxesChanged(m.accountId(), mailboxId, m.highestModSeq()));
            return null;
        });
    }

    @Override
    public void rename(long mailboxId, String newName) {
        String target = Mailboxes.normalise(newName);
        db.write(tx -> {
            Mailbox m = Mailboxes.require(tx, mailboxId);
            List<String> names = Mailboxes.names(tx, m.accountId());
            if (names.contains(target)) {
                throw new ConflictException("mailbox " + target + " already exists");
            }
            if (m.isInbox()) {
                // RFC 9051 §6.3.6: renaming INBOX moves its messages to a new mailbox and leaves INBOX empty;
                // mailboxes under INBOX are unaffected.
                long created = mailboxes.createWithParents(tx, m.accountId(), target, Optional.empty());
                List<Long> uids = tx.sql("SELECT uid FROM messages WHERE mailbox_id = ? ORDER BY uid")
                        .bind(mailboxId).list(rs -> rs.getLong(1));
                messages.move(tx, mailboxId, uids, created);
                return null;
            }
            if (target.startsWith(m.name() + Mailbox.SEPARATOR)) {
                throw new ConflictException("a mailbox cannot be renamed into its own child");
            }
            if (target.equals(Mailbox.INBOX)) {
                throw new ConflictException("INBOX already exists");
            }
            renameTree(tx, m, names, target);
            return null;
        });
    }

    /** RFC 9051 §6.3.6: renaming a mailbox renames its inferior hierarchical names too; subscriptions follow. */
    private void renameTree(Tx tx, Mailbox m, List<String> names, String target) throws SQLException {
        String prefix = m.name() + Mailbox.SEPARATOR;
        List<String> moving = new ArrayList<>();
        moving.add(m.name());
        names.stream().filter(n -> n.startsWith(prefix)).forEach(moving::add);
        // Missing parents of the new name are created first (RFC 9051 §6.3.6, as for CREATE).
        int at = target.indexOf(Mailbox.SEPARATOR);
        while (at > 0) {
            String parent = target.substring(0, at);
            if (!names.contains(parent)) {
                mailboxes.insert(tx, m.accountId(), parent, Optional.empty());
                names = new ArrayList<>(names);
                names.add(parent);
            }
            at = target.indexOf(Mailbox.SEPARATOR, at + 1);
        }
        for (String old : moving) {
            String renamed = target + old.substring(m.name().length());
            tx.sql("UPDATE mailboxes SET name = ? WHERE account_id = ? AND name = ?")
                    .bind(renamed, m.accountId(), old).update();
            tx.sql("UPDATE subscriptions SET name = ? WHERE account_id = ? AND name = ?")
                    .bind(renamed, m.accountId(), old).update();
        }
        tx.publish(new ChangeEvent.MailboxesChanged(m.accountId(), m.id(), m.highestModSeq()));
    }

    @Override
    public void setSubscribed(long accountId, String name, boolean subscribed) {
        String canonical = Mailboxes.normalise(name);
        db.write(tx -> {
            requireAccount(tx, accountId);
            if (subscribed) {
                mailboxes.subscribe(tx, accountId, canonical);
            } else {
                tx.sql("DELETE FROM subscriptions WHERE account_id = ? AND name = ?").bind(accountId, canonical).update();
            }
            return null;
        });
    }

    @Override
    public List<String> subscriptions(long accountId) {
        return db.read(tx -> tx.sql("SELECT name FROM subscriptions WHERE account_id = ? ORDER BY name")
                .bind(accountId).list(rs -> rs.getString(1)));
    }

    @Override
    public Appended append(long mailboxId, NewMessage message) {
        return db.write(tx -> messages.append(tx, mailboxId, message));
    }

    /** Appends inside a transaction that another unit of work owns ({@link SqlStore#deliver}). */
    Appended appendIn(Tx tx, long mailboxId, NewMessage message) throws SQLException {
        return messages.append(tx, mailboxId, message);
    }

    @Override
    public List<Appended> appendAll(List<Map.Entry<Long, NewMessage>> deliveries) {
        List<Map.Entry<Long, NewMessage>> copy = List.copyOf(deliveries);
        return db.write(tx -> {
            List<Appended> out = new ArrayList<>(copy.size());
            for (Map.Entry<Long, NewMessage> d : copy) {
                out.add(messages.append(tx, d.getKey(), d.getValue()));
            }
            return out;
        });
    }

    @Override
    public List<MessageRecord> messages(long mailboxId) {
        return db.read(tx -> tx.sql("SELECT " + Messages.COLUMNS + " FROM messages WHERE mailbox_id = ? ORDER BY uid")
                .bind(mailboxId).list(Messages::row));
    }

    @Override
    public MailboxIndex index(long mailboxId) {
        return db.read(tx -> {
            // The version first, the rows after: under READ COMMITTED (PostgreSQL) rows read later may be
            // newer than the version, never older, so a cached index is never older than its version says.
            Optional<MailboxIndexCache.Version> version = tx.sql(
                            "SELECT uid_validity, uid_next, highest_modseq FROM mailboxes WHERE id = ?").bind(mailboxId)
                    .one(rs -> new MailboxIndexCache.Version(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
            if (version.isEmpty()) {
                indexes.invalidate(mailboxId);
                return Messages.index(tx, mailboxId); // no such mailbox: empty
            }
            Optional<MailboxIndex> cached = indexes.get(mailboxId, version.get());
            if (cached.isPresent()) {
                return cached.get();
            }
            MailboxIndex index = Messages.index(tx, mailboxId);
            indexes.put(mailboxId, version.get(), index);
            return index;
        });
    }

    @Override
    public List<MessageRecord> messages(long mailboxId, List<Long> uids) {
        List<Long> copy = List.copyOf(uids);
        return db.read(tx -> Messages.select(tx, mailboxId, copy));
    }

    @Override
    public List<MessageRecord> changedSince(long mailboxId, long modSeq) {
        return db.read(tx -> tx.sql("SELECT " + Messages.COLUMNS + " FROM messages WHERE mailbox_id = ? AND modseq > ? "
                + "ORDER BY uid").bind(mailboxId, modSeq).list(Messages::row));
    }

    @Override
    public List<Long> expungedSince(long mailboxId, long modSeq) {
        return db.read(tx -> tx.sql("SELECT uid FROM changes WHERE mailbox_id = ? AND kind = 'X' AND modseq > ? "
                + "ORDER BY uid").bind(mailboxId, modSeq).list(rs -> rs.getLong(1)));
    }

    @Override
    public Optional<MessageRecord> message(long mailboxId, long uid) {
        return db.read(tx -> tx.sql("SELECT " + Messages.COLUMNS + " FROM messages WHERE mailbox_id = ? AND uid = ?")
                .bind(mailboxId, uid).one(Messages::row));
    }

    @Override
    public Map<Long, byte[]> headers(long mailboxId, List<Long> uids) {
        List<Long> copy = List.copyOf(uids);
        return db.read(tx -> Messages.headers(tx, mailboxId, copy));
    }

    @Override
    public FlagResult changeFlags(long mailboxId, FlagChange change) {
        return db.write(tx -> messages.changeFlags(tx, mailboxId, change));
    }

    @Override
    public List<Long> expunge(long mailboxId, List<Long> uids) {
        List<Long> copy = List.copyOf(uids);
        return db.write(tx -> messages.expunge(tx, mailboxId, copy));
    }

    @Override
    public Map<Long, Long> copy(long fromMailboxId, List<Long> uids, long toMailboxId) {
        List<Long> copy = List.copyOf(uids);
        return db.write(tx -> messages.copy(tx, fromMailboxId, copy, toMailboxId));
    }

    @Override
    public Map<Long, Long> move(long fromMailboxId, List<Long> uids, long toMailboxId) {
        List<Long> copy = List.copyOf(uids);
        return db.write(tx -> messages.move(tx, fromMailboxId, copy, toMailboxId));
    }
}
