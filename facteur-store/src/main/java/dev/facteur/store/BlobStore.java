package dev.facteur.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Content-addressed message bytes. Writes are durable on return (temp file, fsync, rename,
 * directory fsync, or a database commit); identical content is stored once.
 */
public interface BlobStore {

    /** Stores {@code bytes} and returns its id once the bytes are durable. */
    BlobId put(byte[] bytes) throws IOException;

    /**
     * Stores what {@code content} yields up to its end, without holding it in memory, and
     * returns its id once durable. The caller closes the stream and bounds its size.
     */
    BlobId put(InputStream content) throws IOException;

    /**
     * Stores several blobs with one round of fsyncs (group commit); returns their ids in order.
     * Concurrent callers of {@link #put} may also be batched together by the implementation.
     */
    java.util.List<BlobId> putAll(Collection<byte[]> blobs) throws IOException;

    /** Opens a blob for reading; throws {@link java.io.FileNotFoundException} if absent. */
    InputStream open(BlobId id) throws IOException;

    /** Reads a whole blob into memory. */
    byte[] read(BlobId id) throws IOException;

    /**
     * Reads several whole blobs into memory (an implementation may fetch them together); a blob
     * that is absent is left out of the map. The caller bounds the total size.
     */
    default Map<BlobId, byte[]> readAll(Collection<BlobId> ids) throws IOException {
        Map<BlobId, byte[]> out = new HashMap<>();
        for (BlobId id : ids) {
            try {
                out.put(id, read(id));
            } catch (FileNotFoundException absent) {
                // left out: the caller reports it as it would for one blob
            }
        }
        return out;
    }

    boolean exists(BlobId id) throws IOException;

    long size(BlobId id) throws IOException;

    /**
     * Deletes every stored blob not in {@code referenced} and older than the grace period the
     * implementation uses (so a blob written just before its row is committed survives).
     * Returns how many were deleted.
     */
    int collectGarbage(Set<BlobId> referenced) throws IOException;
}
