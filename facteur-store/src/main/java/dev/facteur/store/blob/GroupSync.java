package dev.facteur.store.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of blob files. Writers hand in temp files they have written (fsynced or not)
 * and the directories that must be fsynced; whoever finds no round in progress becomes the
 * leader and, for everything handed in so far: fsyncs each temp file not yet fsynced, renames
 * it into place, then fsyncs each directory once. No timer: a lone writer leads at once. The others wait for the round that covers their files.
 * One round costs about two journal commits whatever the number of writers in it.
 */
final class GroupSync {
    /** Runs the fsyncs of one round side by side (virtual threads: file I/O compensates carriers). */
    private static final ExecutorService FSYNC = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("facteur-blob-fsync").factory());

    /**
     * A written temp file and where it goes.
     *
     * @param synced true if its writer fsynced it already (a lone blob is fsynced by the thread
     *               that wrote it, before the round: its fsync then overlaps the round in progress
     *               instead of waiting for it, and costs no extra open and close)
     */
    record Move(Path temp, Path target, boolean synced) {}

    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roundDone = lock.newCondition();
    private List<Move> pendingMoves = new ArrayList<>();
    private Set<Path> pendingDirs = new HashSet<>();
    /** The round that new hand-ins join. */
    private long openRound = 1;
    /** The last round that finished. */
    private long doneRound;
    /** The last round that failed; waiters of that round or earlier ones fail too (conservatively). */
    private long failedRound;
    private IOException lastFailure;
    private boolean leaderActive;

    GroupSync(InstantSource clock) {
        this.clock = clock;
    }

    /** Returns once every move is done and durable and every directory in {@code dirs} is fsynced. */
    void commit(List<Move> moves, Set<Path> dirs) throws IOException {
        lock.lock();
        try {
            pendingMoves.addAll(moves);
            pendingDirs.addAll(dirs);
            long myRound = openRound;
            while (doneRound < myRound) {
                if (leaderActive) {
                    roundDone.awaitUninterruptibly();
                } else {
                    lead();
                }
            }
            if (failedRound >= myRound && lastFailure != null) {
                throw new IOException("blob fsync failed", lastFailure);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held; does the round's I/O with the lock released. */
    private void lead() {
        leaderActive = true;
        List<Move> moves = pendingMoves;
        Set<Path> dirs = pendingDirs;
        pendingMoves = new ArrayList<>();
        pendingDirs = new HashSet<>();
        long round = openRound++;
        IOException failure = null;
        lock.unlock();
        try {
            run(moves, dirs);
        } catch (IOException e) {
            failure = e;
        } finally {
            lock.lock();
        }
        if (failure != null) {
            failedRound = round;
            lastFailure = failure;
        }
        doneRound = round;
        leaderActive = false;
        roundDone.signalAll();
    }

    private void run(List<Move> moves, Set<Path> dirs) throws IOException {
        // The bytes are durable before a name points at them. The fsyncs run concurrently so
        // that the file system folds them into as few journal commits as it can.
        forceAll(moves.stream().filter(m -> !m.synced()).map(Move::temp).toList(), StandardOpenOption.WRITE);
        FileTime now = FileTime.from(clock.instant());
        for (Move m : moves) {
            Files.move(m.temp(), m.target(), StandardCopyOption.ATOMIC_MOVE);
            Files.setLastModifiedTime(m.target(), now);
            dirs.add(m.target().getParent());
        }
        forceAll(List.copyOf(dirs), StandardOpenOption.READ);
    }

    private static void forceAll(List<Path> paths, StandardOpenOption mode) throws IOException {
        if (paths.isEmpty()) {
            return;
        }
        if (paths.size() == 1) {
            force(paths.getFirst(), mode);
            return;
        }
        List<Future<Void>> done = new ArrayList<>(paths.size());
        for (Path p : paths) {
            done.add(FSYNC.submit(() -> {
                force(p, mode);
                return null;
            }));
        }
        IOException failure = null;
        for (Future<Void> f : done) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IOException("interrupted during fsync", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void force(Path path, StandardOpenOption mode) throws IOException {
        try (FileChannel ch = FileChannel.open(path, mode)) {
            ch.force(true);
        }
    }

    static void fsyncDirectory(Path dir) throws IOException {
        force(dir, StandardOpenOption.READ);
    }
}
