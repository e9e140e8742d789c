/**
 * Derivation of what IMAP (and SEARCH, SORT, THREAD) needs from a message's raw octets,
 * parsed once when the message is stored and cached as an opaque, versioned binary summary.
 *
 * <p>RFCs: RFC 5322 (header fields, addresses, dates), RFC 2045/2046 (MIME structure,
 * multipart boundaries, message/rfc822), RFC 2047 (encoded words, decoded for search and
 * display only), RFC 2231 (parameters, passed through raw as IMAP servers do), RFC 9051 §7.5.2
 * and RFC 3501 §7.4.2 (ENVELOPE and BODYSTRUCTURE), RFC 5256 (base subject, SORT and THREAD
 * keys). Header fields and parameters are parsed with Apache James mime4j; the part tree is
 * split here because IMAP needs exact byte offsets into the original message.
 *
 * <p>One exception, before storing: {@link dev.facteur.core.mime.BinaryPartEncoder} re-encodes the
 * Content-Transfer-Encoding binary parts of a message appended in an RFC 3516 literal8 as base64,
 * as Dovecot does, because BODY[] must not carry NUL (RFC 9051 §4.3).
 *
 * <p>Invariants: the original bytes are never re-serialised; every {@link
 * dev.facteur.core.mime.BodyPart} range lies inside the message; parsing never throws for
 * malformed input (a broken message still yields a summary) and is bounded in depth and parts.
 */
@NullMarked
package dev.facteur.core.mime;

import org.jspecify.annotations.NullMarked;
