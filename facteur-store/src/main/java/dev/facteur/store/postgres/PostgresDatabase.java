package dev.facteur.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.facteur.store.ConflictException;
import dev.facteur.store.StoreException;
import dev.facteur.store.StoreSettings;
import dev.facteur.store.sql.Database;
import dev.facteur.store.sql.Dialect;
import dev.facteur.store.sql.EventSink;
import dev.facteur.store.sql.Tx;
import dev.facteur.store.sql.Work;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * PostgreSQL through a HikariCP pool. Writers run concurrently, each in its own transaction
 * (commits are cheap with many writers: the server's WAL flush is shared by concurrent commits);
 * a transaction chosen as a deadlock victim is retried.
 */
public final class PostgresDatabase implements Database {
    private static final int ATTEMPTS = 3;

    private final PostgresDialect dialect = new PostgresDialect();
    private final HikariDataSource pool;
    private final EventSink events;

    public PostgresDatabase(StoreSettings.Postgres pg, int poolSize, EventSink events) {
        this.events = events;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.jdbcUrl());
        config.setUsername(pg.user());
        config.setPassword(pg.password());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(4, poolSize)); // grows under load; a test store opens few connections
        config.setPoolName("facteur-store");
        config.setAutoCommit(false);
        try {
            this.pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to PostgreSQL at " + pg.jdbcUrl(), e);
        }
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T write(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                try {
                    Tx tx = new Tx(c, dialect);
                    T result = work.run(tx);
                    events.beforeCommit(c, tx.events());
                    c.commit();
                    events.afterCommit(tx.events());
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if (PostgresDialect.isRetryable(e) && attempt < ATTEMPTS) {
                    continue;
                }
                if (dialect.isUniqueViolation(e)) {
                    throw new ConflictException("already exists");
                }
                throw new StoreException("database write failed", e);
            }
        }
    }

    @Override
    public <T> T read(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // one snapshot per unit
            try {
                return work.run(new Tx(c, dialect));
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("database read failed", e);
        }
    }

    /** The pool, for the queue's tests and the benchmarks' set-up. */
    HikariDataSource pool() {
        return pool;
    }

    @Override
    public void abandon() {
        pool.close();
    }

    @Override
    public void close() {
        pool.close();
    }
}
