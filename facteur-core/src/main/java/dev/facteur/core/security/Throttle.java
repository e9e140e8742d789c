package dev.facteur.core.security;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bounds how many password derivations run at once. An Argon2id derivation holds its memory
 * cost (19 MiB by default) and about 100 ms of one core: a burst of N logins, on any protocol,
 * would otherwise hold N × 19 MiB at once (a thousand reconnecting clients: 19 GiB), and more
 * derivations than cores finish no sooner. Waiting callers park (virtual threads cheaply), in
 * arrival order.
 */
final class Throttle {
    private final Semaphore permits;

    Throttle(int concurrent) {
        if (concurrent < 1) {
            throw new IllegalArgumentException("at least one at a time: " + concurrent);
        }
        this.permits = new Semaphore(concurrent, true);
    }

    /** One at a time per core: CPU-bound work gains nothing from more. */
    static Throttle perCore() {
        return new Throttle(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** Runs {@code work} once a permit is free; an interrupted wait throws without running it. */
    <T> T run(Supplier<T> work) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to check a password", e);
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }
}
