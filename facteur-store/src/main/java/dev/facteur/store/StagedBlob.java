package dev.facteur.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Message bytes with their {@link BlobId} worked out, not yet stored: handed to
 * {@link Store#deliver} so that they become durable in the same commit as the rows that point at
 * them. The id is always the SHA-256 of the bytes (there is no constructor that takes one).
 * The bytes are not copied: the caller must not change them afterwards.
 */
public final class StagedBlob {
    private final BlobId id;
    private final byte[] bytes;

    private StagedBlob(BlobId id, byte[] bytes) {
        this.id = id;
        this.bytes = bytes;
    }

    /** Hashes {@code bytes} (SHA-256) and keeps them for a later {@link Store#deliver}. */
    public static StagedBlob of(byte[] bytes) {
        try {
            return new StagedBlob(BlobId.of(MessageDigest.getInstance("SHA-256").digest(bytes)), bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public BlobId id() {
        return id;
    }

    /** The bytes themselves (not a copy). */
    public byte[] bytes() {
        return bytes;
    }

    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StagedBlob s && s.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "StagedBlob[" + id + ", " + bytes.length + " bytes]";
    }
}
