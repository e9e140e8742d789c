package dev.facteur.store;

import java.time.Instant;

/**
 * One message in one mailbox.
 *
 * @param summary the derived data cached when the message was stored (parsed headers,
 *                ENVELOPE, BODYSTRUCTURE, …), opaque to the store; see
 *                {@code dev.facteur.core.mime}
 * @param emailId RFC 8474 EMAILID: the same for copies of one message
 * @param threadId RFC 8474 THREADID
 */
public record MessageRecord(long mailboxId, long uid, long modSeq, Flags flags, Instant internalDate,
                            Instant saveDate, long size, BlobId blob, String emailId, String threadId,
                            byte[] summary) {}
