package dev.facteur.smtp.server;

import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.store.Directory;
import java.time.Duration;

/** What every session of one server shares (thread-safe collaborators and settings). */
record SmtpContext(SmtpServerSettings settings, Directory directory, RecipientPolicy recipients,
                   MessageDelivery delivery, PolicyChain policy, SaslAuthenticator sasl, AuthThrottle throttle,
                   Sleeper sleeper) {

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
