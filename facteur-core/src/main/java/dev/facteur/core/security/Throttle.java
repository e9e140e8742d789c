package dev.facteur.core.security;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs password derivations on a few platform threads of their own, one per permitted derivation.
 * An Argon2id derivation holds its memory cost (19 MiB by default) and about 100 ms of one core:
 * a burst of N logins, on any protocol, would otherwise hold N × 19 MiB at once (a thousand
 * reconnecting clients: 19 GiB), and more derivations than cores finish no sooner. Callers wait
 * (virtual threads park cheaply) in arrival order.
 *
 * <p>Not on the callers' own threads: run on virtual threads, back-to-back derivations kept every
 * carrier of the scheduler busy, so the virtual threads holding database connections could not
 * run to give them back (10,000 logins to a server on PostgreSQL timed out waiting for the pool).
 * On platform threads the kernel shares the cores between derivations and everything else.
 */
final class Throttle {
    private final ExecutorService workers;

    Throttle(int concurrent) {
        if (concurrent < 1) {
            throw new IllegalArgumentException("at least one at a time: " + concurrent);
        }
        this.workers = Executors.newFixedThreadPool(concurrent,
                Thread.ofPlatform().daemon(true).name("password-hash-", 0).factory());
    }

    /** One at a time per core: CPU-bound work gains nothing from more. */
    static Throttle perCore() {
        return new Throttle(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** Runs {@code work} once a worker is free and returns its result; an interrupted wait throws without running it. */
    <T> T run(Supplier<T> work) {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(null);
        }
        Future<T> result = workers.submit(work::get);
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(false); // not started yet: it never will be; started: it finishes, unread
            Thread.currentThread().interrupt();
            throw interrupted(e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IllegalStateException("password check failed", e.getCause());
            }
        }
    }

    private static IllegalStateException interrupted(InterruptedException cause) {
        return new IllegalStateException("interrupted while waiting to check a password", cause);
    }
}
