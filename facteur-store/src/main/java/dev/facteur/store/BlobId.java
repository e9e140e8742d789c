package dev.facteur.store;

import java.util.HexFormat;

/** The SHA-256 of a blob's bytes, as 64 lower-case hex digits. */
public record BlobId(String hex) {
    public BlobId {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("a blob id is 64 hex digits");
        }
        for (int i = 0; i < 64; i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                throw new IllegalArgumentException("a blob id is 64 lower-case hex digits");
            }
        }
    }

    public static BlobId of(byte[] sha256) {
        return new BlobId(HexFormat.of().formatHex(sha256));
    }

    @Override
    public String toString() {
        return hex;
    }
}
