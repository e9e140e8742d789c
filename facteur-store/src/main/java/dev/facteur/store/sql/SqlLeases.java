package dev.facteur.store.sql;

import dev.facteur.store.Leases;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link Leases} as rows of the {@code leases} table. Taking a lease is one upsert that only
 * overwrites an expired row or the owner's own, so two processes (SQLite: two writers on one
 * file, serialised by its write lock; PostgreSQL: the unique index makes the second wait for
 * the first's commit) cannot both win. Expiry is judged by the injected clock.
 */
public final class SqlLeases implements Leases {
    private static final String ACQUIRE = """
            INSERT INTO leases (name, owner, expires) VALUES (?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires = excluded.expires
            WHERE leases.expires <= ? OR leases.owner = excluded.owner""";

    private final Database db;
    private final InstantSource clock;

    public SqlLeases(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public boolean tryAcquire(Held lease, Duration ttl) {
        long now = clock.millis();
        return db.write(tx -> tx.sql(ACQUIRE).bind(lease.name(), lease.owner(), expiry(now, ttl), now).update() == 1);
    }

    @Override
    public List<Held> renew(List<Held> leases, Duration ttl) {
        if (leases.isEmpty()) {
            return List.of();
        }
        List<Held> copy = List.copyOf(leases);
        long until = expiry(clock.millis(), ttl);
        return db.write(tx -> {
            List<Held> lost = new ArrayList<>();
            for (Held h : copy) {
                if (tx.sql("UPDATE leases SET expires = ? WHERE name = ? AND owner = ?")
                        .bind(until, h.name(), h.owner()).update() == 0) {
                    lost.add(h);
                }
            }
            return lost;
        });
    }

    @Override
    public void release(Held lease) {
        db.write(tx -> tx.sql("DELETE FROM leases WHERE name = ? AND owner = ?")
                .bind(lease.name(), lease.owner()).update());
    }

    @Override
    public Optional<String> holder(String name) {
        long now = clock.millis();
        return db.read(tx -> tx.sql("SELECT owner FROM leases WHERE name = ? AND expires > ?")
                .bind(name, now).one(rs -> rs.getString(1)));
    }

    private static long expiry(long now, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease's time to live must be positive");
        }
        return now + ttl.toMillis();
    }
}
