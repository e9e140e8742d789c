package dev.facteur.smtp.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When to try a deferred message again: the interval grows with the message's age (RFC 5321
 * §4.5.4.1: at least 30 minutes between tries after the first few; give up after 4-5 days).
 * Age rather than the attempt count drives it, so a deferral for a busy destination does not
 * stretch the back-off.
 */
public record RetrySchedule(List<Step> steps, Duration lifetime) {

    /** Until a message is {@code age} old, retry every {@code interval}. */
    public record Step(Duration age, Duration interval) {
    }

    public RetrySchedule {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule has at least one step");
        }
    }

    /** 5 min for the first hour, 15 min until 4 h, 30 min until 12 h, then hourly (RFC 5321 §4.5.4.1). */
    public static RetrySchedule standard(Duration lifetime) {
        return new RetrySchedule(List.of(
                new Step(Duration.ofHours(1), Duration.ofMinutes(5)),
                new Step(Duration.ofHours(4), Duration.ofMinutes(15)),
                new Step(Duration.ofHours(12), Duration.ofMinutes(30)),
                new Step(Duration.ofDays(3650), Duration.ofHours(1))), lifetime);
    }

    /** The next attempt after a temporary failure at {@code now}, or empty once the lifetime is over. */
    public Optional<Instant> next(Instant queuedAt, Instant now) {
        Instant expiry = queuedAt.plus(lifetime);
        if (!now.isBefore(expiry)) {
            return Optional.empty();
        }
        Duration age = Duration.between(queuedAt, now);
        Duration interval = steps.getLast().interval();
        for (Step s : steps) {
            if (age.compareTo(s.age()) < 0) {
                interval = s.interval();
                break;
            }
        }
        Instant next = now.plus(interval);
        // A last try at the moment the lifetime ends, rather than giving up early.
        return Optional.of(next.isAfter(expiry) ? expiry : next);
    }

    public boolean expired(Instant queuedAt, Instant now) {
        return !now.isBefore(queuedAt.plus(lifetime));
    }
}
