package dev.facteur.core.sasl;

import java.time.Duration;

/**
 * Limits on authentication failures from one client address.
 *
 * @param freeFailures failures answered without delay
 * @param baseDelay delay after the first failure beyond the free ones, doubling with each one
 * @param maxDelay cap on that delay
 * @param lockoutFailures failures within {@code window} after which the address is refused
 * @param lockout how long the address is refused
 * @param window how long a failure is remembered
 * @param maxTrackedAddresses bound on memory; the oldest entries are forgotten first
 */
public record ThrottleSettings(int freeFailures, Duration baseDelay, Duration maxDelay, int lockoutFailures,
                               Duration lockout, Duration window, int maxTrackedAddresses) {
    public ThrottleSettings {
        if (freeFailures < 0 || lockoutFailures < 1 || maxTrackedAddresses < 1) {
            throw new IllegalArgumentException("throttle counts must be positive");
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0 || lockout.isNegative()
                || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("throttle durations out of range");
        }
    }

    /** Three free failures, then 1 s doubling to 15 s; ten failures in 15 minutes lock out for 15 minutes. */
    public static ThrottleSettings defaults() {
        return new ThrottleSettings(3, Duration.ofSeconds(1), Duration.ofSeconds(15), 10, Duration.ofMinutes(15),
                Duration.ofMinutes(15), 100_000);
    }
}
