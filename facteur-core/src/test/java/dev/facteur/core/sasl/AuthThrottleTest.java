package dev.facteur.core.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final AuthThrottle throttle = new AuthThrottle(new ThrottleSettings(2, Duration.ofSeconds(1),
            Duration.ofSeconds(4), 5, Duration.ofMinutes(10), Duration.ofMinutes(10), 1000), now::get);
    private final InetAddress ip = InetAddress.getLoopbackAddress();

    @Test
    void failuresBeyondTheFreeOnesAreSlowedThenTheAddressIsLockedOut() {
        assertThat(throttle.delayAfterFailure(ip)).isZero();
        assertThat(throttle.delayAfterFailure(ip)).isZero();
        assertThat(throttle.delayAfterFailure(ip)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.delayAfterFailure(ip)).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.isLockedOut(ip)).isFalse();
        assertThat(throttle.delayAfterFailure(ip)).isEqualTo(Duration.ofSeconds(4));
        assertThat(throttle.isLockedOut(ip)).isTrue();
        now.set(now.get().plus(Duration.ofMinutes(11)));
        assertThat(throttle.isLockedOut(ip)).isFalse();
    }

    @Test
    void successForgetsEarlierFailures() {
        throttle.delayAfterFailure(ip);
        throttle.delayAfterFailure(ip);
        throttle.success(ip);
        assertThat(throttle.delayAfterFailure(ip)).isZero();
    }

    @Test
    void memoryStaysBounded() throws Exception {
        AuthThrottle small = new AuthThrottle(new ThrottleSettings(0, Duration.ZERO, Duration.ZERO, 100,
                Duration.ofMinutes(1), Duration.ofMinutes(1), 10), now::get);
        for (int i = 0; i < 1000; i++) {
            small.delayAfterFailure(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}));
        }
        java.lang.reflect.Field f = AuthThrottle.class.getDeclaredField("entries");
        f.setAccessible(true);
        assertThat(((java.util.Map<?, ?>) f.get(small)).size()).isLessThanOrEqualTo(10);
    }
}
