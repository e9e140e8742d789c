package dev.facteur.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    @Test
    void noMoreRunAtOnceThanPermitted() throws Exception {
        Throttle checks = new Throttle(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch twoIn = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<?>[] all = new CompletableFuture<?>[5];
        for (int i = 0; i < all.length; i++) {
            all[i] = CompletableFuture.runAsync(() -> {
                checks.run(() -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        twoIn.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        running.decrementAndGet();
                        return null;
                    });
            }, Thread::startVirtualThread);
        }
        assertThat(twoIn.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(running.get()).isEqualTo(2); // the other three wait for a permit
        release.countDown();
        CompletableFuture.allOf(all).get(30, TimeUnit.SECONDS);
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void anInterruptedWaitThrowsWithoutRunningTheWork() throws Exception {
        Throttle one = new Throttle(1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.startVirtualThread(() -> one.run(() -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        AtomicInteger ran = new AtomicInteger();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> one.run(ran::incrementAndGet)).isInstanceOf(IllegalStateException.class);
        assertThat(Thread.interrupted()).isTrue();
        assertThat(ran).hasValue(0);
        release.countDown();
        holder.join();
    }

    @Test
    void aPermitIsReturnedWhenTheWorkThrows() throws Exception {
        Throttle checks = new Throttle(1);
        assertThatThrownBy(() -> checks.run(() -> {
            throw new IllegalStateException("broken");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(checks.run(() -> "next")).isEqualTo("next");
    }

    @Test
    void theWorkRunsOnAPlatformThreadNotTheCallersVirtualThread() throws Exception {
        Throttle checks = new Throttle(1);
        CompletableFuture<Boolean> virtual = new CompletableFuture<>();
        Thread.startVirtualThread(() -> virtual.complete(checks.run(() -> Thread.currentThread().isVirtual())));
        // a derivation on a virtual thread would hold one of the scheduler's few carriers for its whole run
        assertThat(virtual.get(30, TimeUnit.SECONDS)).isFalse();
    }
}
