package dev.facteur.auth.dns;

import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded, TTL-respecting cache of DNS results keyed by (type, name). Least recently used
 * entries go first when full. Temporary failures are never stored; negative answers are kept for
 * the negative TTL given (RFC 2308 §5).
 */
public final class DnsCache {

    private record Key(String type, String name) {
    }

    private record Cached(DnsResult<?> result, Instant expires) {
    }

    private final int capacity;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<Key, Cached> entries;

    public DnsCache(int capacity, InstantSource clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1");
        }
        this.capacity = capacity;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
                return size() > DnsCache.this.capacity;
            }
        };
    }

    /** The cached result if present and not expired. */
    @SuppressWarnings("unchecked")
    public <T> Optional<DnsResult<T>> get(String type, String name) {
        Key key = new Key(type, Names.normalise(name));
        lock.lock();
        try {
            Cached e = entries.get(key);
            if (e == null) {
                return Optional.empty();
            }
            if (!clock.instant().isBefore(e.expires())) {
                entries.remove(key);
                return Optional.empty();
            }
            return Optional.of((DnsResult<T>) e.result());
        } finally {
            lock.unlock();
        }
    }

    /** Stores a result for ttlSeconds; temporary failures and zero TTLs are not stored. */
    public void put(String type, String name, DnsResult<?> result, long ttlSeconds) {
        if (result instanceof DnsResult.TempFailure<?> || ttlSeconds <= 0) {
            return;
        }
        Key key = new Key(type, Names.normalise(name));
        lock.lock();
        try {
            entries.put(key, new Cached(result, clock.instant().plusSeconds(ttlSeconds)));
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }
}
