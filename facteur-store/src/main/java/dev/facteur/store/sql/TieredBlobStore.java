package dev.facteur.store.sql;

import dev.facteur.store.BlobId;
import dev.facteur.store.BlobStore;
import dev.facteur.store.StagedBlob;
import dev.facteur.store.blob.FileBlobStore;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Blobs in two tiers with one address space (the SHA-256 {@link BlobId}): blobs of at most
 * {@code inlineLimit} bytes are rows of the {@code blobs} table, written in the same transaction
 * as the rows that point at them ({@link SqlStore#deliver}); larger ones are files
 * ({@link FileBlobStore}). Readers look in the database first, then in files, so they never need
 * to know where a blob lives.
 *
 * <p>Where a blob goes: by size, unless the other tier already holds it (content stored before a
 * change of the limit, or before this tier existed), in which case that copy is refreshed
 * instead, so identical content is stored once across both tiers.
 *
 * <p>Garbage collection has the file tier's grace semantics: a blob row records when it was last
 * written or deduplicated ({@code touched}), and only unreferenced rows untouched for the grace
 * period are deleted. Blobs committed with their rows would need no grace, but {@link #put}
 * commits a blob before its caller commits the row (tools and callers outside
 * {@link SqlStore#deliver} may still do so), and on PostgreSQL a
 * delivery that deduplicates against an existing row commits concurrently with the collector:
 * the upsert takes the row's lock and moves {@code touched}, and the collector's DELETE re-checks
 * {@code touched} on the row it waited for, so it spares the row.
 */
public final class TieredBlobStore implements BlobStore {
    private static final String UPSERT = "INSERT INTO blobs (id, size, touched, content) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET touched = excluded.touched";
    private static final String UNREFERENCED = "touched < ? "
            + "AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.blob = blobs.id) "
            + "AND NOT EXISTS (SELECT 1 FROM queue_messages q WHERE q.blob = blobs.id)";
    /** Blob rows deleted per write unit by garbage collection (bounds how long it holds the writer). */
    private static final int GC_CHUNK = 200;

    private final Database db;
    private final FileBlobStore files;
    private final int inlineLimit;
    private final InstantSource clock;
    private final Duration grace;

    public TieredBlobStore(Database db, FileBlobStore files, int inlineLimit, InstantSource clock, Duration grace) {
        this.db = db;
        this.files = files;
        this.inlineLimit = inlineLimit;
        this.clock = clock;
        this.grace = grace;
    }

    /** Blobs of at most this many bytes are kept in the database. */
    public int inlineLimit() {
        return inlineLimit;
    }

    /**
     * Makes durable now the blobs that go to files, and returns those that go to the database,
     * each id once, for the caller to {@link #insert} in its transaction.
     */
    List<StagedBlob> storeFilesAndKeepInline(Collection<StagedBlob> blobs) throws IOException {
        Map<BlobId, StagedBlob> distinct = new LinkedHashMap<>();
        blobs.forEach(b -> distinct.putIfAbsent(b.id(), b));
        List<StagedBlob> inline = new ArrayList<>(distinct.size());
        List<byte[]> toFiles = new ArrayList<>();
        for (StagedBlob b : distinct.values()) {
            if (goesInline(b)) {
                inline.add(b);
            } else {
                toFiles.add(b.bytes());
            }
        }
        if (!toFiles.isEmpty()) {
            files.putAll(toFiles); // a file already there only has its time refreshed
        }
        return inline;
    }

    private boolean goesInline(StagedBlob b) {
        if (inlineLimit == 0) {
            return false; // every new blob a file (rows stored under an earlier limit stay readable)
        }
        if (b.size() <= inlineLimit) {
            return !files.exists(b.id()); // stored as a file before: refresh that copy instead
        }
        return inDatabase(b.id()); // stored inline under a larger limit: keep that copy
    }

    /** True if the blob is a row of the database tier (for tests and tools). */
    public boolean inDatabase(BlobId id) {
        return db.readStatement(tx -> tx.sql("SELECT 1 FROM blobs WHERE id = ?").bind(id.hex()).exists());
    }

    /** Inserts the blob row, or refreshes its time if the content is there already (dedupe). */
    static void insert(Tx tx, StagedBlob blob, long now) throws SQLException {
        tx.sql(UPSERT).bind(blob.id().hex(), (long) blob.size(), now, blob.bytes()).update();
    }

    @Override
    public BlobId put(byte[] bytes) throws IOException {
        return putAll(List.of(bytes)).getFirst();
    }

    @Override
    public List<BlobId> putAll(Collection<byte[]> blobs) throws IOException {
        List<StagedBlob> staged = blobs.stream().map(StagedBlob::of).toList();
        List<StagedBlob> inline = storeFilesAndKeepInline(staged);
        if (!inline.isEmpty()) {
            long now = clock.millis();
            db.write(tx -> {
                for (StagedBlob b : inline) {
                    insert(tx, b, now);
                }
                return null;
            });
        }
        return staged.stream().map(StagedBlob::id).toList();
    }

    @Override
    public BlobId put(InputStream content) throws IOException {
        byte[] head = content.readNBytes(inlineLimit + 1);
        if (head.length <= inlineLimit && inlineLimit > 0) {
            return put(head);
        }
        return files.put(new SequenceInputStream(new ByteArrayInputStream(head), content));
    }

    @Override
    public InputStream open(BlobId id) throws IOException {
        Optional<byte[]> inline = inlineBytes(id);
        return inline.isPresent() ? new ByteArrayInputStream(inline.get()) : files.open(id);
    }

    @Override
    public byte[] read(BlobId id) throws IOException {
        Optional<byte[]> inline = inlineBytes(id);
        return inline.isPresent() ? inline.get() : files.read(id);
    }

    /** The database tier's blobs in one query per 256 ids; the others from files. */
    @Override
    public Map<BlobId, byte[]> readAll(Collection<BlobId> ids) throws IOException {
        List<BlobId> wanted = List.copyOf(new LinkedHashSet<>(ids));
        Map<BlobId, byte[]> out = new HashMap<>();
        for (int from = 0; from < wanted.size(); from += 256) {
            List<BlobId> chunk = wanted.subList(from, Math.min(wanted.size(), from + 256));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            List<Map.Entry<BlobId, byte[]>> rows = db.readStatement(tx -> tx.sql(
                            "SELECT id, content FROM blobs WHERE id IN (" + marks + ")")
                    .bind(chunk.stream().map(BlobId::hex).toArray())
                    .list(rs -> Map.entry(new BlobId(rs.getString(1)), rs.getBytes(2))));
            rows.forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        for (BlobId id : wanted) {
            if (!out.containsKey(id)) {
                try {
                    out.put(id, files.read(id));
                } catch (FileNotFoundException absent) {
                    // in neither tier: left out
                }
            }
        }
        return out;
    }

    private Optional<byte[]> inlineBytes(BlobId id) {
        return db.readStatement(tx -> tx.sql("SELECT content FROM blobs WHERE id = ?").bind(id.hex())
                .one(rs -> rs.getBytes(1)));
    }

    @Override
    public boolean exists(BlobId id) throws IOException {
        return inDatabase(id) || files.exists(id);
    }

    @Override
    public long size(BlobId id) throws IOException {
        var inline = db.readStatement(tx -> tx.sql("SELECT size FROM blobs WHERE id = ?").bind(id.hex()).oneLong());
        return inline.isPresent() ? inline.getAsLong() : files.size(id);
    }

    /**
     * Collects both tiers: files as {@link FileBlobStore} does, and blob rows that are neither in
     * {@code referenced} nor pointed at by a message or queue row now, and untouched for the grace
     * period. Each row is re-checked by the statement that deletes it.
     */
    @Override
    public int collectGarbage(Set<BlobId> referenced) throws IOException {
        int deleted = files.collectGarbage(referenced);
        long cutoff = clock.millis() - grace.toMillis();
        Set<String> keep = new HashSet<>();
        referenced.forEach(id -> keep.add(id.hex()));
        List<String> candidates = db.read(tx -> tx.sql("SELECT id FROM blobs WHERE " + UNREFERENCED)
                .bind(cutoff).list(rs -> rs.getString(1)));
        candidates.removeIf(keep::contains);
        for (int from = 0; from < candidates.size(); from += GC_CHUNK) {
            List<String> chunk = candidates.subList(from, Math.min(candidates.size(), from + GC_CHUNK));
            deleted += db.write(tx -> {
                int n = 0;
                for (String id : chunk) {
                    n += tx.sql("DELETE FROM blobs WHERE id = ? AND " + UNREFERENCED).bind(id, cutoff).update();
                }
                return n;
            });
        }
        return deleted;
    }
}
