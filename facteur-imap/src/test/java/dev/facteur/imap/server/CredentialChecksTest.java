package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CredentialChecksTest {

    @Test
    void noMoreChecksRunAtOnceThanPermitted() throws Exception {
        CredentialChecks checks = new CredentialChecks(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch twoIn = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<?>[] all = new CompletableFuture<?>[5];
        for (int i = 0; i < all.length; i++) {
            all[i] = CompletableFuture.runAsync(() -> {
                try {
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
                } catch (CommandFailure e) {
                    throw new IllegalStateException(e);
                }
            }, Thread::startVirtualThread);
        }
        assertThat(twoIn.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(running.get()).isEqualTo(2); // the other three wait for a permit
        release.countDown();
        CompletableFuture.allOf(all).get(30, TimeUnit.SECONDS);
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void aPermitIsReturnedWhenTheCheckThrows() throws Exception {
        CredentialChecks checks = new CredentialChecks(1);
        assertThatThrownBy(() -> checks.run(() -> {
            throw new IllegalStateException("broken");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(checks.run(() -> "next")).isEqualTo("next");
    }
}
