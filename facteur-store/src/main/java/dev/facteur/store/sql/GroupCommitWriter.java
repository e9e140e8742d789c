package dev.facteur.store.sql;

import dev.facteur.store.ChangeEvent;
import dev.facteur.store.ConflictException;
import dev.facteur.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers queue units of work and block; writer threads each take every queued
 * unit (up to a bound), run them in one transaction, commit once and only then release the
 * callers and publish their events. If a unit fails, or the batch loses a deadlock to another
 * writer's batch, the transaction is rolled back and its units are redone one per transaction,
 * so that only the failing unit fails (failures are rare: savepoints around every unit would
 * cost two round trips each on PostgreSQL).
 */
public final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    /** Most units committed together; bounds the time one batch holds its locks. */
    private static final int MAX_BATCH = 256;
    /** Times a unit alone is tried when it keeps losing deadlocks. */
    private static final int MAX_ATTEMPTS = 5;

    private record Pending<T>(Work<T> work, CompletableFuture<T> done) {}

    /** Stops the writer that takes it (one per thread). */
    private static final Pending<Void> STOP = new Pending<>(tx -> null, new CompletableFuture<>());

    private final WriteConnection connections;
    private final Dialect dialect;
    private final EventSink events;
    private final Predicate<SQLException> retryable;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    public GroupCommitWriter(String name, int writers, WriteConnection connections, Dialect dialect,
                             EventSink events, Predicate<SQLException> retryable) {
        this.connections = connections;
        this.dialect = dialect;
        this.events = events;
        this.retryable = retryable;
        for (int i = 0; i < writers; i++) {
            threads.add(Thread.ofPlatform().name(name + "-" + i).daemon(true).start(this::run));
        }
    }

    /** Runs the unit in the next batch; returns once that batch is committed. */
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
            throw e.getCause() instanceof RuntimeException r ? r : new StoreException("write failed", e.getCause());
        }
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP);
            while (batch.remove(STOP)) {
                queue.add(STOP); // another writer's
            }
            if (!batch.isEmpty()) {
                commitOrSplit(batch);
            }
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    private void commitOrSplit(List<Pending<?>> batch) {
        SQLException failure = commit(batch);
        if (failure == null) {
            return;
        }
        if (batch.size() == 1 && failure instanceof UnitFailed u) {
            batch.getFirst().done().completeExceptionally(u.failure);
            return;
        }
        if (failure instanceof UnitFailed || retryable.test(failure)) {
            // One unit failed (or the batch lost a deadlock): redo each unit in its own transaction,
            // so only the failing one fails. Units touch nothing but the database, so a redo is safe.
            LOG.debug("batch of {} failed; committing its units one by one", batch.size());
            for (Pending<?> p : batch) {
                commitAlone(p);
            }
            return;
        }
        fail(batch, failure);
    }

    /**
     * Commits one unit in its own transaction. A unit alone can still lose a deadlock (on
     * PostgreSQL, e.g. two deliveries of identical content inserting the same blob row while each
     * holds a mailbox row the other wants): the victim was rolled back whole, so it is redone.
     */
    private void commitAlone(Pending<?> p) {
        SQLException again = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            again = commit(List.of(p));
            if (again == null) {
                return;
            }
            if (again instanceof UnitFailed u) {
                p.done().completeExceptionally(u.failure);
                return;
            }
            if (!retryable.test(again)) {
                break;
            }
        }
        fail(List.of(p), again);
    }

    private static void fail(List<Pending<?>> batch, SQLException e) {
        LOG.error("commit failed; {} writes fail", batch.size(), e);
        StoreException failure = new StoreException("database commit failed", e);
        for (Pending<?> p : batch) {
            p.done().completeExceptionally(failure);
        }
    }

    /** Runs and commits the batch; returns why its transaction was rolled back, or null. */
    private SQLException commit(List<Pending<?>> batch) {
        List<Runnable> completions = new ArrayList<>(batch.size());
        List<ChangeEvent> published = new ArrayList<>();
        Connection c;
        try {
            c = connections.begin();
        } catch (SQLException e) {
            return e;
        }
        try {
            for (Pending<?> p : batch) {
                completions.add(runOne(new Tx(c, dialect), p, published));
            }
            events.beforeCommit(c, published);
            connections.commit(c);
        } catch (SQLException e) {
            connections.rollback(c);
            return e;
        } catch (RuntimeException e) {
            connections.rollback(c);
            return new SQLException("unexpected failure in a batch", e);
        } finally {
            connections.release(c);
        }
        completions.forEach(Runnable::run);
        events.afterCommit(published);
        return null;
    }

    /**
     * A unit failed: the batch's transaction is rolled back. Alone, its caller gets
     * {@code failure}; in a batch, the units are redone one by one.
     */
    private static final class UnitFailed extends SQLException {
        private final RuntimeException failure;

        UnitFailed(RuntimeException failure) {
            super(failure.getMessage());
            this.failure = failure;
        }
    }

    /** Runs one unit; returns what completes its caller once the batch commits. */
    private <T> Runnable runOne(Tx tx, Pending<T> p, List<ChangeEvent> published) throws SQLException {
        try {
            T result = p.work().run(tx);
            published.addAll(tx.events());
            return () -> p.done().complete(result);
        } catch (SQLException | RuntimeException e) {
            if (e instanceof SQLException sql && retryable.test(sql)) {
                throw sql; // the whole transaction is lost: let the batch be redone
            }
            throw new UnitFailed(switch (e) {
                case SQLException sql when dialect.isUniqueViolation(sql) -> new ConflictException("already exists");
                case SQLException sql -> new StoreException("database write failed", sql);
                case RuntimeException r -> r;
                default -> new StoreException("database write failed", e);
            });
        }
    }

    /** Fails whatever is still queued (after the writers stopped or were abandoned). */
    private void failRemaining() {
        List<Pending<?>> left = new ArrayList<>();
        queue.drainTo(left);
        for (Pending<?> p : left) {
            if (p != STOP) {
                p.done().completeExceptionally(new StoreException("the store is closed"));
            }
        }
    }

    /** Stops taking work without waiting for what is queued (a crash, for tests). */
    public void abandon() {
        closed = true;
        threads.forEach(Thread::interrupt);
        failRemaining();
    }

    /** Commits what is queued, then stops the writers. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < threads.size(); i++) {
            queue.add(STOP);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failRemaining();
    }
}
