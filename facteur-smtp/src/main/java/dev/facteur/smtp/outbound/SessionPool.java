package dev.facteur.smtp.outbound;

import dev.facteur.smtp.client.SmtpClient;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Idle SMTP sessions kept open after a completed transaction, so the next message to the same
 * host reuses them (RFC 5321 §3.3: several transactions may share one session) instead of paying
 * for connect, greeting, EHLO and STARTTLS again. A session is reused only under the same TLS
 * requirement and credentials it was set up with, and for a short while.
 */
final class SessionPool {

    /** What a session was established for; a reused session must match all of it. */
    record Key(String host, InetAddress address, int port, TlsRequirement tls, boolean authenticated) {
    }

    private record Idle(SmtpClient client, long since) {
    }

    private final Map<Key, Deque<Idle>> idle = new ConcurrentHashMap<>();
    private final int maxPerKey;
    private final long maxIdleNanos;

    SessionPool(int maxPerKey, Duration maxIdle) {
        this.maxPerKey = maxPerKey;
        this.maxIdleNanos = maxIdle.toNanos();
    }

    /** An idle session for {@code key} that has not waited too long, if any. */
    Optional<SmtpClient> take(Key key) {
        Deque<Idle> q = idle.get(key);
        if (q == null) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        Idle i;
        while ((i = q.pollLast()) != null) {
            if (now - i.since() < maxIdleNanos) {
                return Optional.of(i.client());
            }
            i.client().quit();
        }
        return Optional.empty();
    }

    /** Keeps a session after a completed transaction, or ends it if the pool for its key is full. */
    void offer(Key key, SmtpClient client) {
        Deque<Idle> q = idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        if (q.size() >= maxPerKey) {
            client.quit();
        } else {
            q.addLast(new Idle(client, System.nanoTime()));
        }
        sweep();
    }

    /** Ends sessions idle for too long (RFC 5321 §4.5.3.2.7: the server would time them out anyway). */
    void sweep() {
        long now = System.nanoTime();
        List<Idle> expired = new ArrayList<>();
        for (Deque<Idle> q : idle.values()) {
            q.removeIf(i -> {
                if (now - i.since() >= maxIdleNanos) {
                    expired.add(i);
                    return true;
                }
                return false;
            });
        }
        idle.values().removeIf(Deque::isEmpty);
        expired.forEach(i -> i.client().quit());
    }

    void closeAll() {
        for (Deque<Idle> q : idle.values()) {
            Idle i;
            while ((i = q.pollFirst()) != null) {
                i.client().quit();
            }
        }
        idle.clear();
    }
}
