package dev.facteur.imap.server;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes an IDLE session when its mailbox changes (from the change bus thread) or when the
 * client sends its DONE line (read on a helper virtual thread, since the session thread waits).
 */
final class IdleSignal {

    enum Wake { CHANGED, INPUT, TIMEOUT, CLOSED }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private boolean changed;
    private boolean input;
    private boolean closed;

    /** Called by the change bus: must not block. */
    void wake() {
        lock.lock();
        try {
            changed = true;
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    Wake await(Duration timeout) {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!changed && !input && !closed) {
                if (nanos <= 0) {
                    return Wake.TIMEOUT;
                }
                nanos = wakeUp.awaitNanos(nanos);
            }
            if (input) {
                input = false;
                return Wake.INPUT;
            }
            if (closed) {
                return Wake.CLOSED;
            }
            changed = false;
            return Wake.CHANGED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Wake.CLOSED;
        } finally {
            lock.unlock();
        }
    }

    /** Starts reading the client's next line in the background. */
    DoneReader startReading(ImapTransport transport) {
        lock.lock();
        try {
            input = false;
            closed = false;
        } finally {
            lock.unlock();
        }
        DoneReader r = new DoneReader();
        r.thread = Thread.ofVirtual().name("imap-idle-" + transport.id()).start(() -> r.read(transport));
        return r;
    }

    final class DoneReader {
        private Thread thread;
        private volatile boolean done;
        private volatile boolean finished;

        private void read(ImapTransport transport) {
            try {
                ImapTransport.RawLine line = transport.readLine(64);
                // RFC 2177 §3: the client ends IDLE with DONE
                done = !line.tooLong() && new String(line.content(), java.nio.charset.StandardCharsets.US_ASCII).equalsIgnoreCase("DONE");
                signal(false);
            } catch (EOFException e) {
                signal(true);
            } catch (IOException e) {
                signal(true);
            } finally {
                finished = true;
            }
        }

        private void signal(boolean eof) {
            lock.lock();
            try {
                if (eof) {
                    closed = true;
                } else {
                    input = true;
                }
                wakeUp.signalAll();
            } finally {
                lock.unlock();
            }
        }

        boolean isDone() {
            return done;
        }

        /** Ends the reader: waits for it if it has its line, else interrupts it (closing the socket). */
        void finish() {
            if (!finished) {
                thread.interrupt();
            }
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
