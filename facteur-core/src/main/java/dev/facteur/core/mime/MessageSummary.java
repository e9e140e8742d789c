package dev.facteur.core.mime;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything derived from a message once, when it is stored: the IMAP ENVELOPE, the MIME tree
 * with byte offsets (BODYSTRUCTURE and sections), and the keys SORT, THREAD and SEARCH need.
 * Stored as opaque bytes ({@link SummaryCodec}); read back on every FETCH.
 *
 * @param size the message's size in octets
 * @param sentDateMillis the Date header as epoch milliseconds, or null when absent or unparseable
 *                       (RFC 5256 §3: SORT then uses the internal date)
 * @param baseSubject RFC 5256 §2.1 base subject, decoded (RFC 2047) and case-folded for comparison
 * @param fromKey RFC 5256 §3 SORT FROM key: the first From address's local part, lower-case, or ""
 * @param toKey the same for To
 * @param ccKey the same for Cc
 * @param fromDisplay RFC 5957 DISPLAY key for From: decoded display name, else addr-spec, lower-case
 * @param toDisplay the same for To
 * @param messageId the Message-ID as {@code <...>}, or null
 * @param inReplyTo the first message id of In-Reply-To, or null
 * @param references message ids of References in order (RFC 5256 §4 REFERENCES threading)
 * @param threadKey a key shared by a message and its replies, used to assign THREADID
 */
public record MessageSummary(long size, Envelope envelope, BodyPart body, @Nullable Long sentDateMillis,
                             String baseSubject, String fromKey, String toKey, String ccKey,
                             String fromDisplay, String toDisplay, @Nullable String messageId,
                             @Nullable String inReplyTo, List<String> references, String threadKey) {

    public MessageSummary {
        references = List.copyOf(references);
    }
}
