package dev.facteur.store.sqlite;

import dev.facteur.store.ConflictException;
import dev.facteur.store.StoreException;
import dev.facteur.store.sql.Database;
import dev.facteur.store.sql.Dialect;
import dev.facteur.store.sql.EventSink;
import dev.facteur.store.sql.Tx;
import dev.facteur.store.sql.Work;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite in WAL mode with one writer and a small pool of readers.
 *
 * <p>Group commit: callers of {@link #write} queue their work; one writer thread takes every
 * queued unit, runs each in its own savepoint inside one transaction, commits once (one WAL
 * fsync with {@code synchronous=FULL}) and only then releases the callers. A unit that fails
 * is rolled back to its savepoint without touching the others.
 */
public final class SqliteDatabase implements Database {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);
    /** Most units committed together; bounds the time one batch holds the write lock. */
    private static final int MAX_BATCH = 256;

    private final SqliteDialect dialect = new SqliteDialect();
    private final EventSink events;
    private final Connection writer;
    private final BlockingQueue<Connection> readers;
    private final List<Connection> allReaders = new ArrayList<>();
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writerThread;
    private volatile boolean closed;

    private record Pending<T>(Work<T> work, CompletableFuture<T> done) {}

    /** A unit of work that the writer stops at: the queue is drained and the thread ends. */
    private static final Pending<Void> STOP = new Pending<>(tx -> null, new CompletableFuture<>());

    public SqliteDatabase(Path file, int readerCount, EventSink events) {
        this.events = events;
        try {
            this.writer = open(file);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
            }
            this.readers = new ArrayBlockingQueue<>(Math.max(1, readerCount));
            for (int i = 0; i < Math.max(1, readerCount); i++) {
                Connection c = open(file);
                allReaders.add(c);
                readers.add(c);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot open SQLite database " + file, e);
        }
        writerThread = Thread.ofPlatform().name("facteur-sqlite-writer").daemon(true).start(this::runWriter);
    }

    private static Connection open(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            // synchronous=FULL: a commit fsyncs the WAL, so returning from write() means durable.
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA foreign_keys=ON");
            s.execute("PRAGMA busy_timeout=10000");
        }
        c.setAutoCommit(true);
        return c;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T write(Work<T> work) {
        if (closed) {
            throw new StoreException("the store is closed");
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        queue.add(new Pending<>(work, done));
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a commit", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            // Re-created on this thread so the stack shows the caller, keeping the type and message.
            return r;
        }
        return new StoreException("database write failed", cause);
    }

    @Override
    public <T> T read(Work<T> work) {
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
            c.setAutoCommit(false); // one snapshot for the whole unit
            try {
                return work.run(new Tx(c, dialect));
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("database read failed", e);
        } finally {
            readers.add(c);
        }
    }

    private void runWriter() {
        List<Pending<?>> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP);
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    private void commit(List<Pending<?>> batch) {
        List<Runnable> completions = new ArrayList<>(batch.size());
        List<dev.facteur.store.ChangeEvent> published = new ArrayList<>();
        try (Statement s = writer.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                for (Pending<?> p : batch) {
                    completions.add(runOne(s, p, published));
                }
                events.beforeCommit(writer, published);
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(s);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.error("SQLite commit failed; {} writes fail", batch.size(), e);
            StoreException failure = new StoreException("database commit failed", e);
            for (Pending<?> p : batch) {
                p.done().completeExceptionally(failure);
            }
            return;
        }
        completions.forEach(Runnable::run);
        events.afterCommit(published);
    }

    /** Runs one unit in a savepoint; returns what completes its caller once the batch commits. */
    private <T> Runnable runOne(Statement s, Pending<T> p, List<dev.facteur.store.ChangeEvent> published)
            throws SQLException {
        s.execute("SAVEPOINT unit");
        Tx tx = new Tx(writer, dialect);
        try {
            T result = p.work().run(tx);
            s.execute("RELEASE unit");
            published.addAll(tx.events());
            return () -> p.done().complete(result);
        } catch (SQLException | RuntimeException e) {
            s.execute("ROLLBACK TO unit");
            s.execute("RELEASE unit");
            RuntimeException mapped = e instanceof SQLException sql
                    ? dialect.isUniqueViolation(sql)
                            ? new ConflictException("already exists")
                            : new StoreException("database write failed", sql)
                    : (RuntimeException) e;
            return () -> p.done().completeExceptionally(mapped);
        }
    }

    private static void rollbackQuietly(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            LOG.debug("rollback after a failed commit failed", e);
        }
    }

    @Override
    public void abandon() {
        closed = true;
        writerThread.interrupt();
        closeConnections();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnections();
    }

    private void failRemaining() {
        List<Pending<?>> left = new ArrayList<>();
        queue.drainTo(left);
        for (Pending<?> p : left) {
            p.done().completeExceptionally(new StoreException("the store is closed"));
        }
    }

    private void closeConnections() {
        failRemaining();
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
