package dev.facteur.store.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of directory fsyncs. A writer that has renamed files into directories calls
 * {@link #sync}; whoever finds no round in progress becomes the leader and fsyncs every directory
 * registered so far, while the others wait for the round that covers their registration. Under
 * load one round of directory fsyncs makes many writers' renames durable.
 */
final class DirectorySync {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roundDone = lock.newCondition();
    private Set<Path> pending = new HashSet<>();
    /** The round that new registrations join. */
    private long openRound = 1;
    /** The last round whose fsyncs finished. */
    private long doneRound;
    /** The last round that failed; waiters of that round or earlier ones fail too (conservatively). */
    private long failedRound;
    private IOException lastFailure;
    private boolean leaderActive;

    /** Returns once every directory in {@code dirs} has been fsynced after this call began. */
    void sync(Set<Path> dirs) throws IOException {
        lock.lock();
        try {
            pending.addAll(dirs);
            long myRound = openRound;
            while (doneRound < myRound) {
                if (leaderActive) {
                    roundDone.awaitUninterruptibly();
                } else {
                    lead();
                }
            }
            if (failedRound >= myRound && lastFailure != null) {
                throw new IOException("directory fsync failed", lastFailure);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held; fsyncs the pending set with the lock released. */
    private void lead() {
        leaderActive = true;
        Set<Path> work = pending;
        pending = new HashSet<>();
        long round = openRound++;
        IOException failure = null;
        lock.unlock();
        try {
            for (Path dir : work) {
                fsyncDirectory(dir);
            }
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

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
