package dev.facteur.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.facteur.store.StoreException;
import dev.facteur.store.StoreSettings;
import dev.facteur.store.sql.Database;
import dev.facteur.store.sql.Dialect;
import dev.facteur.store.sql.EventSink;
import dev.facteur.store.sql.GroupCommitWriter;
import dev.facteur.store.sql.Tx;
import dev.facteur.store.sql.Work;
import dev.facteur.store.sql.WriteConnection;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL through a HikariCP pool. Writes are group-committed by a few writer threads (units
 * appending to one mailbox all take its row lock: one transaction for many of them turns many
 * lock-and-flush cycles into one); a batch chosen as a deadlock victim is redone unit by unit.
 * Reads run on the callers' threads, concurrently.
 */
public final class PostgresDatabase implements Database {
    /**
     * Writer threads, each committing batches on its own connection. Several, so that one
     * batch's commit overlaps the next batch's statements; few, so that batches stay large.
     */
    private static final int WRITERS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabase.class);

    private final PostgresDialect dialect = new PostgresDialect();
    private final HikariDataSource pool;
    private final GroupCommitWriter writes;

    public PostgresDatabase(StoreSettings.Postgres pg, int poolSize, EventSink events) {
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
        this.writes = new GroupCommitWriter("facteur-pg-writer", Math.min(WRITERS, poolSize), new Pooled(pool),
                dialect, events, PostgresDialect::isRetryable);
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T write(Work<T> work) {
        return writes.write(work);
    }

    /** Pooled connections; a batch's transaction is the connection's (auto-commit is off). */
    private record Pooled(HikariDataSource pool) implements WriteConnection {
        @Override
        public Connection begin() throws SQLException {
            return pool.getConnection();
        }

        @Override
        public void commit(Connection c) throws SQLException {
            c.commit();
        }

        @Override
        public void rollback(Connection c) {
            try {
                c.rollback();
            } catch (SQLException e) {
                LOG.debug("rollback failed", e);
            }
        }

        @Override
        public void release(Connection c) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("returning a connection to the pool failed", e);
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

    @Override
    public void abandon() {
        writes.abandon();
        pool.close();
    }

    @Override
    public void close() {
        writes.close();
        pool.close();
    }
}
