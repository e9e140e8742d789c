package dev.facteur.store.sqlite;

import dev.facteur.store.StoreException;
import dev.facteur.store.sql.Database;
import dev.facteur.store.sql.Dialect;
import dev.facteur.store.sql.EventSink;
import dev.facteur.store.sql.GroupCommitWriter;
import dev.facteur.store.sql.Tx;
import dev.facteur.store.sql.Work;
import dev.facteur.store.sql.WriteConnection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite in WAL mode with one writer and a small pool of readers. Writes go through a
 * {@link GroupCommitWriter} with one thread owning the one write connection: every queued unit
 * joins the next transaction, and one commit (one WAL fsync with {@code synchronous=FULL})
 * makes them all durable.
 */
public final class SqliteDatabase implements Database {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);

    private final SqliteDialect dialect = new SqliteDialect();
    private final Connection writer;
    private final BlockingQueue<Connection> readers;
    private final List<Connection> allReaders = new ArrayList<>();
    private final GroupCommitWriter writes;
    private volatile boolean closed;

    public SqliteDatabase(Path file, int readerCount, EventSink events) {
        try {
            this.writer = open(file);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
            }
            this.readers = new ArrayBlockingQueue<>(readerCount);
            for (int i = 0; i < readerCount; i++) {
                Connection c = open(file);
                allReaders.add(c);
                readers.add(c);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot open SQLite database " + file, e);
        }
        this.writes = new GroupCommitWriter("facteur-sqlite-writer", 1, new Single(writer), dialect, events, e -> false);
    }

    private static Connection open(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            // synchronous=FULL: a commit fsyncs the WAL, so returning from write() means durable.
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA foreign_keys=ON");
            s.execute("PRAGMA busy_timeout=10000");
        }
        return c;
    }

    /** The one write connection, in explicit transactions (BEGIN IMMEDIATE takes the write lock up front). */
    private record Single(Connection c) implements WriteConnection {
        @Override
        public Connection begin() throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
            }
            return c;
        }

        @Override
        public void commit(Connection connection) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("COMMIT");
            }
        }

        @Override
        public void rollback(Connection connection) {
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK");
            } catch (SQLException e) {
                LOG.debug("rollback failed (no transaction left?)", e);
            }
        }

        @Override
        public void release(Connection connection) {
            // kept for the next batch
        }
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T write(Work<T> work) {
        return writes.write(work);
    }

    @Override
    public <T> T read(Work<T> work) {
        return onReader(c -> {
            c.setAutoCommit(false); // one snapshot for the whole unit
            try {
                return work.run(new Tx(c, dialect));
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
    }

    /** In autocommit mode: SQLite gives the one statement its own snapshot, without BEGIN and ROLLBACK. */
    @Override
    public <T> T readStatement(Work<T> work) {
        return onReader(c -> work.run(new Tx(c, dialect)));
    }

    private interface OnConnection<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T onReader(OnConnection<T> use) {
        if (closed) {
            throw new StoreException("the store is closed");
        }
        Connection c;
        try {
            c = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a reader", e);
        }
        try {
            return use.run(c);
        } catch (SQLException e) {
            throw new StoreException("database read failed", e);
        } finally {
            readers.add(c);
        }
    }

    @Override
    public void abandon() {
        closed = true;
        writes.abandon();
        closeConnections();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writes.close();
        closeConnections();
    }

    private void closeConnections() {
        try {
            writer.close();
            for (Connection c : allReaders) {
                c.close();
            }
        } catch (SQLException e) {
            LOG.warn("closing SQLite connections failed", e);
        }
    }
}
