package dev.facteur.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.store.Leases.Held;
import dev.facteur.store.sql.SqlStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Leases: one holder at a time, across store instances on the same data (two processes, or
 * two nodes on one database), expiry frees a lease whose holder stopped renewing.
 */
public interface LeasesContract extends StoreContract {
    Duration TTL = Duration.ofSeconds(60);

    /** A second store instance on the same data, as another process or node would open it. */
    SqlStore openAnother();

    private Leases leases() {
        return ((SqlStore) store()).leases();
    }

    @Test
    default void aFreeLeaseIsTakenAndASecondOwnerIsRefused() {
        assertThat(leases().tryAcquire(new Held("maildrop:1", "a"), TTL)).isTrue();
        assertThat(leases().tryAcquire(new Held("maildrop:1", "b"), TTL)).isFalse();
        assertThat(leases().tryAcquire(new Held("maildrop:2", "b"), TTL)).isTrue();
        assertThat(leases().holder("maildrop:1")).contains("a");
        assertThat(leases().holder("maildrop:3")).isEmpty();
    }

    @Test
    default void theOwnerTakingItsLeaseAgainRenewsIt() {
        Held a = new Held("maildrop:1", "a");
        assertThat(leases().tryAcquire(a, TTL)).isTrue();
        clock().advance(Duration.ofSeconds(50));
        assertThat(leases().tryAcquire(a, TTL)).isTrue();
        clock().advance(Duration.ofSeconds(50));
        assertThat(leases().holder("maildrop:1")).contains("a");
    }

    @Test
    default void aReleasedLeaseIsFreeAndOnlyItsOwnerCanReleaseIt() {
        Held a = new Held("maildrop:1", "a");
        leases().tryAcquire(a, TTL);
        leases().release(new Held("maildrop:1", "b"));
        assertThat(leases().holder("maildrop:1")).contains("a");
        leases().release(a);
        assertThat(leases().holder("maildrop:1")).isEmpty();
        assertThat(leases().tryAcquire(new Held("maildrop:1", "b"), TTL)).isTrue();
    }

    @Test
    default void anExpiredLeaseCanBeTakenAndItsFormerOwnerLearnsItIsLost() {
        Held a = new Held("maildrop:1", "a");
        Held other = new Held("maildrop:2", "a");
        leases().tryAcquire(a, TTL);
        leases().tryAcquire(other, TTL);
        clock().advance(TTL.minusMillis(1));
        assertThat(leases().tryAcquire(new Held("maildrop:1", "b"), TTL)).as("not yet expired").isFalse();
        clock().advance(Duration.ofMillis(1));
        assertThat(leases().holder("maildrop:1")).isEmpty();
        assertThat(leases().tryAcquire(new Held("maildrop:1", "b"), TTL)).isTrue();
        assertThat(leases().renew(List.of(a, other), TTL)).containsExactly(a);
        assertThat(leases().holder("maildrop:2")).contains("a");
    }

    @Test
    default void renewalKeepsALeaseBeyondItsFirstExpiry() {
        Held a = new Held("maildrop:1", "a");
        leases().tryAcquire(a, TTL);
        for (int i = 0; i < 5; i++) {
            clock().advance(Duration.ofSeconds(40));
            assertThat(leases().renew(List.of(a), TTL)).isEmpty();
        }
        assertThat(leases().tryAcquire(new Held("maildrop:1", "b"), TTL)).isFalse();
    }

    @Test
    default void twoStoreInstancesOnTheSameDataShareLeases() {
        leases().tryAcquire(new Held("maildrop:7", "first"), TTL);
        try (SqlStore other = openAnother()) {
            assertThat(other.leases().tryAcquire(new Held("maildrop:7", "second"), TTL)).isFalse();
            assertThat(other.leases().holder("maildrop:7")).contains("first");
            assertThat(other.leases().tryAcquire(new Held("maildrop:8", "second"), TTL)).isTrue();
            assertThat(leases().tryAcquire(new Held("maildrop:8", "first"), TTL)).isFalse();
        }
    }

    @Test
    default void aCrashedHoldersLeaseExpiresForTheOtherInstance() {
        SqlStore other = openAnother();
        other.leases().tryAcquire(new Held("maildrop:7", "crashed"), TTL);
        other.abandon(); // no release, no renewal: what kill -9 leaves
        assertThat(leases().tryAcquire(new Held("maildrop:7", "next"), TTL)).isFalse();
        clock().advance(TTL);
        assertThat(leases().tryAcquire(new Held("maildrop:7", "next"), TTL)).isTrue();
    }
}
