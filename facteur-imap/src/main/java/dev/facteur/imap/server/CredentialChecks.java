package dev.facteur.imap.server;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bounds how many password checks run at once. An Argon2id check (dev.facteur.core.security)
 * takes 19 MiB and about 100 ms of one core: a burst of N logins would otherwise take N × 19 MiB
 * at once (a thousand reconnecting clients: 19 GiB), and more checks than cores finish no
 * sooner. Waiting logins park their virtual threads.
 */
final class CredentialChecks {

    private final Semaphore permits;

    CredentialChecks(int concurrent) {
        if (concurrent < 1) {
            throw new IllegalArgumentException("at least one check at a time: " + concurrent);
        }
        this.permits = new Semaphore(concurrent, true);
    }

    /** One check per core: CPU-bound work gains nothing from more. */
    static CredentialChecks perCore() {
        return new CredentialChecks(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** Runs one SASL step that may check a password, when a permit is free. */
    <T> T run(Supplier<T> step) throws CommandFailure {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandFailure.no("UNAVAILABLE", "server shutting down");
        }
        try {
            return step.get();
        } finally {
            permits.release();
        }
    }
}
