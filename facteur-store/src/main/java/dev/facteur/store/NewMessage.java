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

    public NewMessage {
        if (header.length > size) {
            throw new IllegalArgumentException("header longer than the message");
        }
    }
}
