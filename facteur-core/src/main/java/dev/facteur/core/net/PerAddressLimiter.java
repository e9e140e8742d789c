package dev.facteur.core.net;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/** Counts connections per client address; an address's entry disappears at zero. */
final class PerAddressLimiter {
    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> counts = new ConcurrentHashMap<>();

    PerAddressLimiter(int max) {
        this.max = max;
    }

    boolean tryAcquire(InetAddress address) {
        boolean[] ok = {false};
        counts.compute(address, (a, n) -> {
            int current = n == null ? 0 : n;
            if (current >= max) {
                return n;
            }
            ok[0] = true;
            return current + 1;
        });
        return ok[0];
    }

    void release(InetAddress address) {
        counts.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    int count(InetAddress address) {
        return counts.getOrDefault(address, 0);
    }
}
