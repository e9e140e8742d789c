package dev.facteur.core.net;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * What the listeners of one server share.
 *
 * @param sharedPermits the server-wide connection permits ({@code limits.max_connections}), taken
 *                      before {@code accept()} by every listener; empty gives each listener its own
 *                      {@link ListenerSettings#maxConnections()} permits
 * @param observer      told of accepted, refused and closed connections (metrics)
 */
public record ListenerResources(Optional<Semaphore> sharedPermits, ConnectionObserver observer) {
    /** Per-listener permits, nothing observed. */
    public static final ListenerResources PER_LISTENER = new ListenerResources(Optional.empty(), ConnectionObserver.NONE);

    public ListenerResources {
        Objects.requireNonNull(sharedPermits, "sharedPermits");
        Objects.requireNonNull(observer, "observer");
    }

    /** One global limit of {@code maxConnections} shared by every listener built with the result. */
    public static ListenerResources shared(int maxConnections, ConnectionObserver observer) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        return new ListenerResources(Optional.of(new Semaphore(maxConnections)), observer);
    }
}
