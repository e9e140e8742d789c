package dev.facteur.smtp.server;

import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.store.Directory;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * What every session of one server shares (thread-safe collaborators and settings).
 * {@code spooledInMemory} bounds how many spooled (large) messages are read back into memory for
 * delivery at once, so the heap holds at most that many times the size limit.
 */
record SmtpContext(SmtpServerSettings settings, Directory directory, RecipientPolicy recipients,
                   MessageDelivery delivery, PolicyChain policy, SaslAuthenticator sasl, AuthThrottle throttle,
                   Sleeper sleeper, SmtpMetrics metrics, Semaphore spooledInMemory) {

    /** Waits out an authentication-failure delay; tests pass a sleeper that records instead. */
    @FunctionalInterface
    interface Sleeper {
        Sleeper REAL = d -> Thread.sleep(d);

        void sleep(Duration d) throws InterruptedException;
    }

    String hostname() {
        return settings.hostname();
    }

    SmtpLimits limits() {
        return settings.limits();
    }
}
