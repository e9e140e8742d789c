package dev.facteur.store;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A message to append: its bytes are already in the {@link BlobStore}.
 *
 * @param threadKey the normalised base subject and references used to assign a THREADID;
 *                  messages with the same key in one account share a thread
 * @param internalZone the zone of INTERNALDATE (RFC 9051 §2.3.3: APPEND's date-time zone is kept)
 * @param header the message's header octets (its first bytes, through the blank line), cached for
 *               FETCH BODY[HEADER]; empty when not known (readers then use the blob)
 */
public record NewMessage(BlobId blob, long size, Instant internalDate, Flags flags, byte[] summary,
                         String threadKey, ZoneOffset internalZone, byte[] header) {

    /** A message received now-ish (INTERNALDATE in UTC) whose header is not cached. */
    public NewMessage(BlobId blob, long size, Instant internalDate, Flags flags, byte[] summary, String threadKey) {
        this(blob, size, internalDate, flags, summary, threadKey, ZoneOffset.UTC, new byte[0]);
    }

    /** Headers larger than this are read from the blob: not worth a row. */
    public static final int MAX_CACHED_HEADER = 32 * 1024;

    /** A message received now (INTERNALDATE in UTC) whose header, up to {@code bodyStart}, is cached. */
    public static NewMessage received(BlobId blob, byte[] content, Instant internalDate, byte[] summary,
                                      String threadKey, long bodyStart) {
        return new NewMessage(blob, content.length, internalDate, Flags.NONE, summary, threadKey, ZoneOffset.UTC,
                headerToCache(content, bodyStart));
    }

    /** The header octets to cache: through the blank line at {@code bodyStart}; none when too large. */
    public static byte[] headerToCache(byte[] content, long bodyStart) {
        return bodyStart <= 0 || bodyStart > MAX_CACHED_HEADER || bodyStart > content.length
                ? new byte[0] : java.util.Arrays.copyOf(content, (int) bodyStart);
    }

    public NewMessage {
        if (header.length > size) {
            throw new IllegalArgumentException("header longer than the message");
        }
    }
}
