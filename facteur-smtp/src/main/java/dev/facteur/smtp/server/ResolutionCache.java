package dev.facteur.smtp.server;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.store.Directory;
import dev.facteur.store.Resolution;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directory's answer for a recipient, remembered for a short time across sessions: a load of
 * one-message connections to the same mailboxes costs one directory read per address and TTL
 * instead of one per RCPT. Invariant: an answer is never used after {@code ttl}, so an account
 * removed, disabled or added is seen within that bound; the map holds at most {@code maxEntries}
 * (it is emptied when full, so memory stays bounded whatever addresses clients try).
 */
final class ResolutionCache {
    /** How long an answer is trusted: the bound on how late a directory change reaches RCPT. */
    static final Duration DEFAULT_TTL = Duration.ofSeconds(2);
    static final int DEFAULT_MAX_ENTRIES = 10_000;

    private record Entry(Optional<Resolution> resolution, long expiresAtMillis) {}

    private final Directory directory;
    private final InstantSource clock;
    private final long ttlMillis;
    private final int maxEntries;
    private final ConcurrentHashMap<EmailAddress, Entry> entries = new ConcurrentHashMap<>();

    ResolutionCache(Directory directory, InstantSource clock, Duration ttl, int maxEntries) {
        if (ttl.isNegative() || maxEntries < 1) {
            throw new IllegalArgumentException("ttl must not be negative and maxEntries at least 1");
        }
        this.directory = directory;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
    }

    /** {@link Directory#resolve}, answered from memory when asked within the TTL. */
    Optional<Resolution> resolve(EmailAddress recipient) {
        long now = clock.millis();
        Entry e = entries.get(recipient);
        if (e != null && now < e.expiresAtMillis()) {
            return e.resolution();
        }
        Optional<Resolution> fresh = directory.resolve(recipient);
        if (ttlMillis > 0) {
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entries.put(recipient, new Entry(fresh, now + ttlMillis));
        }
        return fresh;
    }

    /** How many answers are held (for tests). */
    int size() {
        return entries.size();
    }
}
