package dev.facteur.store.sql;

import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.store.Account;
import dev.facteur.store.Alias;
import dev.facteur.store.AliasSource;
import dev.facteur.store.ConflictException;
import dev.facteur.store.Directory;
import dev.facteur.store.DomainRecord;
import dev.facteur.store.Mailbox;
import dev.facteur.store.Resolution;
import dev.facteur.store.SpecialUse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Directory} over SQL: domains, accounts, aliases, quotas and recipient resolution. */
public final class SqlDirectory implements Directory {

    /** The mailboxes every new account gets, in the same transaction as the account row. */
    private static final Map<String, Optional<SpecialUse>> DEFAULT_MAILBOXES = defaults();

    private static final String ACCOUNT_COLUMNS =
            "a.id, a.local_part, d.name, a.password_hash, a.quota_bytes, a.disabled, a.created";

    private final Database db;
    private final InstantSource clock;
    private final Mailboxes mailboxes;

    public SqlDirectory(Database db, InstantSource clock, Mailboxes mailboxes) {
        this.db = db;
        this.clock = clock;
        this.mailboxes = mailboxes;
    }

    private static Map<String, Optional<SpecialUse>> defaults() {
        Map<String, Optional<SpecialUse>> m = new LinkedHashMap<>();
        m.put(Mailbox.INBOX, Optional.empty());
        m.put("Sent", Optional.of(SpecialUse.SENT));
        m.put("Drafts", Optional.of(SpecialUse.DRAFTS));
        m.put("Trash", Optional.of(SpecialUse.TRASH));
        m.put("Junk", Optional.of(SpecialUse.JUNK));
        m.put("Archive", Optional.of(SpecialUse.ARCHIVE));
        return m;
    }

    @Override
    public DomainRecord addDomain(Domain domain) {
        return db.write(tx -> {
            if (domainId(tx, domain).isPresent()) {
                throw new ConflictException("domain " + domain + " already exists");
            }
            long now = clock.millis();
            long id = tx.sql("INSERT INTO domains (name, created) VALUES (?, ?) RETURNING id")
                    .bind(domain.name(), now).longValue();
            return new DomainRecord(id, domain, Instant.ofEpochMilli(now));
        });
    }

    @Override
    public List<DomainRecord> domains() {
        return db.read(tx -> tx.sql("SELECT id, name, created FROM domains ORDER BY name").list(SqlDirectory::domain));
    }

    @Override
    public Optional<DomainRecord> findDomain(Domain domain) {
        return db.read(tx -> tx.sql("SELECT id, name, created FROM domains WHERE name = ?")
                .bind(domain.name()).one(SqlDirectory::domain));
    }

    private static DomainRecord domain(ResultSet rs) throws SQLException {
        return new DomainRecord(rs.getLong(1), Domain.of(rs.getString(2)), Instant.ofEpochMilli(rs.getLong(3)));
    }

    @Override
    public void removeDomain(Domain domain) {
        db.write(tx -> {
            long id = requireDomain(tx, domain);
            long accounts = tx.sql("SELECT COUNT(*) FROM accounts WHERE domain_id = ?").bind(id).longValue();
            if (accounts > 0) {
                throw new ConflictException("domain " + domain + " still has " + accounts + " account(s); remove them first");
            }
            long aliases = tx.sql("SELECT COUNT(*) FROM aliases WHERE domain_id = ?").bind(id).longValue();
            if (aliases > 0) {
                throw new ConflictException("domain " + domain + " still has " + aliases + " alias target(s); remove them first");
            }
            tx.sql("DELETE FROM domains WHERE id = ?").bind(id).update();
            return null;
        });
    }

    static Optional<Long> domainId(Tx tx, Domain domain) throws SQLException {
        return tx.sql("SELECT id FROM domains WHERE name = ?").bind(domain.name()).one(rs -> rs.getLong(1));
    }

    private static long requireDomain(Tx tx, Domain domain) throws SQLException {
        return domainId(tx, domain).orElseThrow(() -> new ConflictException("unknown domain " + domain));
    }

    @Override
    public Account addAccount(EmailAddress address, String passwordHash) {
        return db.write(tx -> {
            long domainId = requireDomain(tx, address.domain());
            if (accountRow(tx, address).isPresent()) {
                throw new ConflictException("account " + address + " already exists");
            }
            if (tx.sql("SELECT 1 FROM aliases WHERE source = ?").bind(address.canonical()).exists()) {
                throw new ConflictException(address + " is already an alias; remove the alias first");
            }
            long now = clock.millis();
            long id = tx.sql("INSERT INTO accounts (domain_id, canonical, local_part, password_hash, created) "
                            + "VALUES (?, ?, ?, ?, ?) RETURNING id")
                    .bind(domainId, address.canonical(), address.localPart(), passwordHash, now).longValue();
            for (Map.Entry<String, Optional<SpecialUse>> m : DEFAULT_MAILBOXES.entrySet()) {
                mailboxes.insert(tx, id, m.getKey(), m.getValue());
                mailboxes.subscribe(tx, id, m.getKey());
            }
            return new Account(id, address, passwordHash, 0, false, Instant.ofEpochMilli(now));
        });
    }

    @Override
    public List<Account> accounts(Optional<Domain> domain) {
        return db.read(tx -> domain.isPresent()
                ? tx.sql("SELECT " + ACCOUNT_COLUMNS + " FROM accounts a JOIN domains d ON d.id = a.domain_id "
                        + "WHERE d.name = ? ORDER BY a.canonical").bind(domain.get().name()).list(SqlDirectory::account)
                : tx.sql("SELECT " + ACCOUNT_COLUMNS + " FROM accounts a JOIN domains d ON d.id = a.domain_id "
                        + "ORDER BY d.name, a.canonical").list(SqlDirectory::account));
    }

    @Override
    public Optional<Account> findAccount(EmailAddress address) {
        return db.read(tx -> accountRow(tx, address));
    }

    @Override
    public Optional<Account> findAccount(long accountId) {
        return db.read(tx -> tx.sql("SELECT " + ACCOUNT_COLUMNS + " FROM accounts a JOIN domains d ON d.id = a.domain_id "
                + "WHERE a.id = ?").bind(accountId).one(SqlDirectory::account));
    }

    static Optional<Account> accountRow(Tx tx, EmailAddress address) throws SQLException {
        return tx.sql("SELECT " + ACCOUNT_COLUMNS + " FROM accounts a JOIN domains d ON d.id = a.domain_id "
                + "WHERE a.canonical = ?").bind(address.canonical()).one(SqlDirectory::account);
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getLong(1), new EmailAddress(rs.getString(2), Domain.of(rs.getString(3))),
                rs.getString(4), rs.getLong(5), rs.getInt(6) != 0, Instant.ofEpochMilli(rs.getLong(7)));
    }

    private static Account requireAccount(Tx tx, EmailAddress address) throws SQLException {
        return accountRow(tx, address).orElseThrow(() -> new ConflictException("unknown account " + address));
    }

    @Override
    public void removeAccount(EmailAddress address) {
        db.write(tx -> {
            Account account = requireAccount(tx, address);
            long id = account.id();
            tx.sql("DELETE FROM changes WHERE mailbox_id IN (SELECT id FROM mailboxes WHERE account_id = ?)").bind(id).update();
            tx.sql("DELETE FROM messages WHERE account_id = ?").bind(id).update();
            tx.sql("DELETE FROM mailboxes WHERE account_id = ?").bind(id).update();
            tx.sql("DELETE FROM subscriptions WHERE account_id = ?").bind(id).update();
            tx.sql("DELETE FROM threads WHERE account_id = ?").bind(id).update();
            tx.sql("DELETE FROM aliases WHERE target_canonical = ?").bind(address.canonical()).update();
            tx.sql("DELETE FROM accounts WHERE id = ?").bind(id).update();
            return null;
        });
    }

    @Override
    public void setPassword(EmailAddress address, String passwordHash) {
        db.write(tx -> {
            long id = requireAccount(tx, address).id();
            tx.sql("UPDATE accounts SET password_hash = ? WHERE id = ?").bind(passwordHash, id).update();
            return null;
        });
    }

    @Override
    public void setQuota(EmailAddress address, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a quota is 0 (unlimited) or a positive number of bytes");
        }
        db.write(tx -> {
            long id = requireAccount(tx, address).id();
            tx.sql("UPDATE accounts SET quota_bytes = ? WHERE id = ?").bind(bytes, id).update();
            return null;
        });
    }

    @Override
    public void setDisabled(EmailAddress address, boolean disabled) {
        db.write(tx -> {
            long id = requireAccount(tx, address).id();
            tx.sql("UPDATE accounts SET disabled = ? WHERE id = ?").bind(disabled, id).update();
            return null;
        });
    }

    @Override
    public long usage(long accountId) {
        return db.read(tx -> usage(tx, accountId));
    }

    static long usage(Tx tx, long accountId) throws SQLException {
        return tx.sql("SELECT COALESCE(SUM(size), 0) FROM messages WHERE account_id = ?").bind(accountId).longValue();
    }

    @Override
    public Alias addAlias(AliasSource source, EmailAddress target) {
        return db.write(tx -> {
            long domainId = requireDomain(tx, source.domain());
            String key = sourceKey(source);
            if (source instanceof AliasSource.Exact(EmailAddress a) && accountRow(tx, a).isPresent()) {
                throw new ConflictException(a + " is an account; an alias cannot shadow it");
            }
            if (tx.sql("SELECT 1 FROM aliases WHERE source = ? AND target_canonical = ?")
                    .bind(key, target.canonical()).exists()) {
                throw new ConflictException("alias " + source + " already points to " + target);
            }
            tx.sql("INSERT INTO aliases (domain_id, source, target, target_canonical) VALUES (?, ?, ?, ?)")
                    .bind(domainId, key, target.toString(), target.canonical()).update();
            return new Alias(source, targetsOf(tx, key));
        });
    }

    @Override
    public List<Alias> aliases(Optional<Domain> domain) {
        return db.read(tx -> {
            List<String[]> rows = domain.isPresent()
                    ? tx.sql("SELECT a.source, a.target FROM aliases a JOIN domains d ON d.id = a.domain_id "
                            + "WHERE d.name = ? ORDER BY a.source, a.id").bind(domain.get().name()).list(SqlDirectory::pair)
                    : tx.sql("SELECT source, target FROM aliases ORDER BY source, id").list(SqlDirectory::pair);
            Map<String, List<EmailAddress>> grouped = new LinkedHashMap<>();
            for (String[] r : rows) {
                grouped.computeIfAbsent(r[0], k -> new ArrayList<>()).add(EmailAddress.parse(r[1]));
            }
            List<Alias> out = new ArrayList<>();
            grouped.forEach((k, v) -> out.add(new Alias(AliasSource.parse(k), v)));
            return out;
        });
    }

    private static String[] pair(ResultSet rs) throws SQLException {
        return new String[] {rs.getString(1), rs.getString(2)};
    }

    @Override
    public void removeAlias(AliasSource source, Optional<EmailAddress> target) {
        db.write(tx -> {
            String key = sourceKey(source);
            int removed = target.isPresent()
                    ? tx.sql("DELETE FROM aliases WHERE source = ? AND target_canonical = ?")
                            .bind(key, target.get().canonical()).update()
                    : tx.sql("DELETE FROM aliases WHERE source = ?").bind(key).update();
            if (removed == 0) {
                throw new ConflictException(target.map(t -> "alias " + source + " does not point to " + t)
                        .orElse("no alias " + source));
            }
            return null;
        });
    }

    static String sourceKey(AliasSource source) {
        return switch (source) {
            case AliasSource.Exact(EmailAddress a) -> a.canonical();
            case AliasSource.CatchAll(Domain d) -> "@" + d.name();
        };
    }

    static List<EmailAddress> targetsOf(Tx tx, String key) throws SQLException {
        return tx.sql("SELECT target FROM aliases WHERE source = ? ORDER BY id").bind(key)
                .list(rs -> EmailAddress.parse(rs.getString(1)));
    }

    @Override
    public Optional<Resolution> resolve(EmailAddress recipient) {
        return db.read(tx -> new Resolver(tx).resolve(recipient));
    }
}
