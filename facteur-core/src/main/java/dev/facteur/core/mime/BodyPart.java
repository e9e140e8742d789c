package dev.facteur.core.mime;

import java.util.List;

/**
 * One node of a message's MIME tree with its byte offsets into the original message, so that
 * BODY[section], BINARY[section], HEADER, MIME and TEXT are served from the stored octets
 * without parsing again (RFC 9051 §6.4.5).
 *
 * <p>For every part: {@code headerStart <= bodyStart <= bodyEnd}; the header range includes
 * the empty line that ends it; the body range excludes the CRLF before the next boundary
 * delimiter (RFC 2046 §5.1.1: that CRLF belongs to the delimiter).
 */
public sealed interface BodyPart {

    ContentInfo info();

    long headerStart();

    long bodyStart();

    long bodyEnd();

    default long bodySize() {
        return bodyEnd() - bodyStart();
    }

    /** A non-multipart, non-message part. {@code lines} is the body's line count (text parts). */
    record Single(ContentInfo info, long headerStart, long bodyStart, long bodyEnd, long lines)
            implements BodyPart {}

    /** A multipart: its parts in order (at least one; RFC 9051 §7.5.2 body-type-mpart). */
    record Multi(ContentInfo info, long headerStart, long bodyStart, long bodyEnd, List<BodyPart> parts)
            implements BodyPart {
        public Multi {
            parts = List.copyOf(parts);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("a multipart has at least one part");
            }
        }
    }

    /**
     * A message/rfc822 (or message/global) part: the encapsulated message's envelope and its
     * top-level body, whose {@code headerStart} is this part's {@code bodyStart}.
     */
    record Message(ContentInfo info, long headerStart, long bodyStart, long bodyEnd, long lines,
                   Envelope envelope, BodyPart body) implements BodyPart {}
}
