package dev.facteur.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Named, exclusive, time-limited leases shared by every process and node on one store (a
 * POP3 maildrop lock, RFC 1939 §8). A lease is free, held by one owner until it expires, or
 * expired (then anyone may take it): a holder that crashed blocks others only until its lease
 * expires, so a live holder renews well before that. Every call is durable on return.
 */
public interface Leases {

    /** A lease as its holder names it. */
    record Held(String name, String owner) {
        public Held {
            if (name.isEmpty() || owner.isEmpty()) {
                throw new IllegalArgumentException("a lease needs a name and an owner");
            }
        }
    }

    /**
     * Takes the lease for {@code owner} until now plus {@code ttl} if it is free, expired or
     * already {@code owner}'s (then it is renewed). Returns false if someone else holds it.
     */
    boolean tryAcquire(Held lease, Duration ttl);

    /**
     * Extends each lease its owner still holds to now plus {@code ttl}, in one transaction;
     * returns those that were lost (released, or expired and taken by someone else).
     */
    List<Held> renew(List<Held> leases, Duration ttl);

    /** Gives the lease up if {@code owner} still holds it; otherwise does nothing. */
    void release(Held lease);

    /** Who holds the lease now, if anyone (an expired lease is held by nobody). */
    Optional<String> holder(String name);
}
