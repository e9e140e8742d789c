package dev.facteur.store;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to open a store, from plain values (the server's config builds this from TOML).
 *
 * @param dataDirectory where blobs (and the SQLite file by default) live
 * @param backend the metadata database
 * @param readers SQLite reader connections (small: the driver is native and pins virtual threads)
 * @param poolSize PostgreSQL connection pool size
 * @param blobGracePeriod how old an unreferenced blob must be before garbage collection deletes it
 * @param inlineBlobLimit blobs of at most this many bytes live in the database, committed with the
 *                        rows that point at them (one fsync per commit); larger ones are files.
 *                        0 keeps every blob in files.
 */
public record StoreSettings(Path dataDirectory, Backend backend, int readers, int poolSize,
                            Duration blobGracePeriod, int inlineBlobLimit) {

    public static final int DEFAULT_READERS = 4;
    public static final int DEFAULT_POOL_SIZE = 16;
    public static final Duration DEFAULT_BLOB_GRACE = Duration.ofHours(1);
    /** See facteur-store/README.md for the measurements behind it. */
    public static final int DEFAULT_INLINE_BLOB_LIMIT = 128 * 1024;
    /** Above this a blob is never inlined: a row that large slows every reader of its pages. */
    public static final int MAX_INLINE_BLOB_LIMIT = 16 * 1024 * 1024;

    /** Settings with the default inline blob limit. */
    public StoreSettings(Path dataDirectory, Backend backend, int readers, int poolSize, Duration blobGracePeriod) {
        this(dataDirectory, backend, readers, poolSize, blobGracePeriod, DEFAULT_INLINE_BLOB_LIMIT);
    }

    public StoreSettings {
        if (readers < 1 || readers > 64) {
            throw new IllegalArgumentException("store readers must be between 1 and 64, not " + readers);
        }
        if (poolSize < 1 || poolSize > 1000) {
            throw new IllegalArgumentException("store pool size must be between 1 and 1000, not " + poolSize);
        }
        if (blobGracePeriod.isNegative()) {
            throw new IllegalArgumentException("the blob grace period cannot be negative");
        }
        if (inlineBlobLimit < 0 || inlineBlobLimit > MAX_INLINE_BLOB_LIMIT) {
            throw new IllegalArgumentException("the inline blob limit must be between 0 and "
                    + MAX_INLINE_BLOB_LIMIT + " bytes, not " + inlineBlobLimit);
        }
    }

    /** The same settings with another inline blob limit. */
    public StoreSettings withInlineBlobLimit(int limit) {
        return new StoreSettings(dataDirectory, backend, readers, poolSize, blobGracePeriod, limit);
    }

    /** The metadata database. */
    public sealed interface Backend {}

    /** An SQLite file (created if absent). */
    public record Sqlite(Path file) implements Backend {}

    /** A PostgreSQL server, e.g. {@code jdbc:postgresql://db:5432/facteur}. */
    public record Postgres(String jdbcUrl, String user, String password) implements Backend {
        public Postgres {
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("a PostgreSQL URL starts with jdbc:postgresql:");
            }
        }

        @Override
        public String toString() {
            return "Postgres[" + jdbcUrl + ", user=" + user + "]"; // never the password
        }
    }

    /** The embedded default: SQLite at {@code <data>/facteur.db}. */
    public static StoreSettings sqlite(Path dataDirectory) {
        return new StoreSettings(dataDirectory, new Sqlite(dataDirectory.resolve("facteur.db")), DEFAULT_READERS,
                DEFAULT_POOL_SIZE, DEFAULT_BLOB_GRACE);
    }

    /** PostgreSQL for metadata; blobs stay under the data directory. */
    public static StoreSettings postgres(Path dataDirectory, String jdbcUrl, String user, String password) {
        return new StoreSettings(dataDirectory, new Postgres(jdbcUrl, user, password), DEFAULT_READERS,
                DEFAULT_POOL_SIZE, DEFAULT_BLOB_GRACE);
    }
}
