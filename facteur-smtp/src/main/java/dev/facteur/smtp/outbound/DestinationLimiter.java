package dev.facteur.smtp.outbound;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the sessions open at once to one destination (a domain or a relay host), so one slow or
 * throttling destination uses only its own slots and never holds up the others.
 */
final class DestinationLimiter {

    private final int perDestination;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

    DestinationLimiter(int perDestination) {
        this.perDestination = perDestination;
    }

    /** Takes a slot, waiting at most {@code wait}; false if none became free. */
    boolean acquire(String destination, Duration wait) throws InterruptedException {
        Semaphore s = slots.computeIfAbsent(destination, d -> new Semaphore(perDestination, true));
        return s.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    void release(String destination) {
        Semaphore s = slots.get(destination);
        if (s != null) {
            s.release();
        }
    }
}
