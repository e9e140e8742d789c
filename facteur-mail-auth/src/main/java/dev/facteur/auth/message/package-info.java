/**
 * A message as authentication sees it: the original octets split into header fields and body,
 * without re-serialising anything (RFC 5322 §2.1, §2.2, §2.2.3 folding). Bare LF line ends are
 * normalised to CRLF once, on input (RFC 5322 §2.3; messages from SMTP already use CRLF).
 * Invariants: each {@link dev.facteur.auth.message.HeaderField} keeps its exact raw octets,
 * including the terminating CRLF; header order is the order on the wire.
 */
@NullMarked
package dev.facteur.auth.message;

import org.jspecify.annotations.NullMarked;
