package dev.facteur.store;

import java.time.Instant;

/**
 * A message to append: its bytes are already in the {@link BlobStore}.
 *
 * @param threadKey the normalised base subject and references used to assign a THREADID;
 *                  messages with the same key in one account share a thread
 */
public record NewMessage(BlobId blob, long size, Instant internalDate, Flags flags, byte[] summary,
                         String threadKey) {}
