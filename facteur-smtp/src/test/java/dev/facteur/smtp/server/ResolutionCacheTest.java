package dev.facteur.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.store.Resolution;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResolutionCacheTest {
    private static final EmailAddress BOB = EmailAddress.parse("bob@example.com");

    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());
    private final FakeStore store = new FakeStore();

    @BeforeEach
    void seed() {
        store.addDomain(Domain.of("example.com"));
        store.addAccount(BOB, "$argon2id$x");
    }

    @Test
    void aRemovedAccountIsStillAnsweredWithinTheTtlAndRefusedAfterIt() {
        ResolutionCache cache = new ResolutionCache(store, clock, Duration.ofSeconds(2), 100);
        assertThat(cache.resolve(BOB)).get().isInstanceOf(Resolution.Deliver.class);
        store.removeAccount(BOB);
        millis.addAndGet(1_999);
        assertThat(cache.resolve(BOB)).get().isInstanceOf(Resolution.Deliver.class);
        millis.addAndGet(1);
        assertThat(cache.resolve(BOB)).get().isNotInstanceOf(Resolution.Deliver.class);
    }

    @Test
    void aNewAccountIsSeenOnceTheNegativeAnswerExpires() {
        EmailAddress carol = EmailAddress.parse("carol@example.com");
        ResolutionCache cache = new ResolutionCache(store, clock, Duration.ofSeconds(2), 100);
        Optional<Resolution> before = cache.resolve(carol);
        store.addAccount(carol, "$argon2id$x");
        assertThat(cache.resolve(carol)).isEqualTo(before);
        millis.addAndGet(2_000);
        assertThat(cache.resolve(carol)).get().isInstanceOf(Resolution.Deliver.class);
    }

    @Test
    void aZeroTtlAsksTheDirectoryEveryTime() {
        ResolutionCache cache = new ResolutionCache(store, clock, Duration.ZERO, 100);
        assertThat(cache.resolve(BOB)).get().isInstanceOf(Resolution.Deliver.class);
        store.removeAccount(BOB);
        assertThat(cache.resolve(BOB)).get().isNotInstanceOf(Resolution.Deliver.class);
    }

    @Test
    void theMapNeverHoldsMoreThanItsBound() {
        ResolutionCache cache = new ResolutionCache(store, clock, Duration.ofSeconds(2), 3);
        for (int i = 0; i < 10; i++) {
            cache.resolve(EmailAddress.parse("u" + i + "@example.com"));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void aNegativeTtlIsRefused() {
        assertThatThrownBy(() -> new ResolutionCache(store, clock, Duration.ofSeconds(-1), 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
