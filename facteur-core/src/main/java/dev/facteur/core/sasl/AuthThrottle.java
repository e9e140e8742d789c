package dev.facteur.core.sasl;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows, then refuses, a client address that keeps failing to authenticate. Thread-safe and
 * bounded in memory. The caller waits {@link #delayAfterFailure} before answering a failure
 * and refuses to start an exchange while {@link #isLockedOut} holds.
 */
public final class AuthThrottle {
    private final ThrottleSettings settings;
    private final InstantSource clock;
    private final Map<InetAddress, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(int failures, Instant firstFailure, Instant lockedUntil) {}

    public AuthThrottle(ThrottleSettings settings, InstantSource clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public boolean isLockedOut(InetAddress address) {
        Entry e = entries.get(address);
        return e != null && clock.instant().isBefore(e.lockedUntil());
    }

    /** Records a failure and returns how long to wait before answering it. */
    public Duration delayAfterFailure(InetAddress address) {
        Instant now = clock.instant();
        if (entries.size() >= settings.maxTrackedAddresses()) {
            evict(now);
        }
        Entry e = entries.compute(address, (a, old) -> {
            if (old == null || now.isAfter(old.firstFailure().plus(settings.window()))
                    && !now.isBefore(old.lockedUntil())) {
                return new Entry(1, now, Instant.MIN);
            }
            int n = old.failures() + 1;
            Instant locked = n >= settings.lockoutFailures() ? now.plus(settings.lockout()) : old.lockedUntil();
            return new Entry(n, old.firstFailure(), locked);
        });
        int over = e.failures() - settings.freeFailures();
        if (over <= 0 || settings.baseDelay().isZero()) {
            return Duration.ZERO;
        }
        Duration d = settings.baseDelay().multipliedBy(1L << Math.min(over - 1, 20));
        return d.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : d;
    }

    /** Forgets the address's failures after a successful login. */
    public void success(InetAddress address) {
        Entry e = entries.get(address);
        if (e != null && !clock.instant().isBefore(e.lockedUntil())) {
            entries.remove(address);
        }
    }

    private void evict(Instant now) {
        Iterator<Map.Entry<InetAddress, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (now.isAfter(e.firstFailure().plus(settings.window())) && !now.isBefore(e.lockedUntil())) {
                it.remove();
            }
        }
        // Still full of live entries: drop arbitrary ones rather than grow without bound.
        it = entries.entrySet().iterator();
        while (entries.size() >= settings.maxTrackedAddresses() && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
