package dev.facteur.smtp.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private final Instant queued = Instant.parse("2026-01-01T00:00:00Z");
    private final RetrySchedule schedule = RetrySchedule.standard(Duration.ofDays(5));

    @Test
    void intervalsGrowWithTheMessagesAge() {
        assertThat(schedule.next(queued, queued)).contains(queued.plus(Duration.ofMinutes(5)));
        Instant twoHours = queued.plus(Duration.ofHours(2));
        assertThat(schedule.next(queued, twoHours)).contains(twoHours.plus(Duration.ofMinutes(15)));
        Instant twoDays = queued.plus(Duration.ofDays(2));
        assertThat(schedule.next(queued, twoDays)).contains(twoDays.plus(Duration.ofHours(1)));
    }

    @Test
    void lastTryLandsOnTheExpiryAndNothingAfter() {
        Instant nearEnd = queued.plus(Duration.ofDays(5)).minus(Duration.ofMinutes(10));
        assertThat(schedule.next(queued, nearEnd)).contains(queued.plus(Duration.ofDays(5)));
        assertThat(schedule.next(queued, queued.plus(Duration.ofDays(5)))).isEmpty();
        assertThat(schedule.expired(queued, queued.plus(Duration.ofDays(5)))).isTrue();
        assertThat(schedule.expired(queued, nearEnd)).isFalse();
    }
}
