package dev.facteur.pop3.server;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RFC 2449 §6.8 LOGIN-DELAY: remembers when each account last logged in over POP3 and refuses
 * a login that comes sooner than the delay. Memory is bounded: entries older than the delay
 * are useless and dropped when the map grows.
 */
final class LoginDelays {
    private static final int PRUNE_AT = 100_000;

    private final Duration delay;
    private final InstantSource clock;
    private final Map<Long, Instant> lastLogin = new ConcurrentHashMap<>();

    LoginDelays(Duration delay, InstantSource clock) {
        this.delay = delay;
        this.clock = clock;
    }

    /** Records a login now unless the account logged in less than the delay ago. */
    boolean tryLogin(long accountId) {
        if (delay.isZero()) {
            return true;
        }
        Instant now = clock.instant();
        if (lastLogin.size() >= PRUNE_AT) {
            lastLogin.values().removeIf(t -> !now.isBefore(t.plus(delay)));
        }
        boolean[] allowed = {false};
        lastLogin.compute(accountId, (id, last) -> {
            if (last == null || !now.isBefore(last.plus(delay))) {
                allowed[0] = true;
                return now;
            }
            return last;
        });
        return allowed[0];
    }

    long seconds() {
        return delay.toSeconds();
    }
}
