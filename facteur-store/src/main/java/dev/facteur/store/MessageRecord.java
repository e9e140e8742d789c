package dev.facteur.store;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * One message in one mailbox.
 *
 * @param summary the derived data cached when the message was stored (parsed headers,
 *                ENVELOPE, BODYSTRUCTURE, …), opaque to the store; see
 *                {@code dev.facteur.core.mime}
 * @param emailId RFC 8474 EMAILID: the same for copies of one message
 * @param threadId RFC 8474 THREADID
 * @param internalZone the time zone INTERNALDATE is reported in (RFC 9051 §2.3.3: APPEND's zone is kept)
 */
public record MessageRecord(long mailboxId, long uid, long modSeq, Flags flags, Instant internalDate,
                            Instant saveDate, long size, BlobId blob, String emailId, String threadId,
                            byte[] summary, ZoneOffset internalZone) {

    /** A message whose INTERNALDATE is reported in UTC. */
    public MessageRecord(long mailboxId, long uid, long modSeq, Flags flags, Instant internalDate,
                         Instant saveDate, long size, BlobId blob, String emailId, String threadId,
                         byte[] summary) {
        this(mailboxId, uid, modSeq, flags, internalDate, saveDate, size, blob, emailId, threadId, summary,
                ZoneOffset.UTC);
    }

    /** The same message with other flags and MODSEQ. */
    public MessageRecord withFlags(Flags newFlags, long newModSeq) {
        return new MessageRecord(mailboxId, uid, newModSeq, newFlags, internalDate, saveDate, size, blob, emailId,
                threadId, summary, internalZone);
    }
}
