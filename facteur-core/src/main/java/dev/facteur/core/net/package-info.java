/**
 * Shared TCP plumbing for SMTP, IMAP and POP3: a listener that runs one virtual thread per
 * connection (or, opted into per listener, one platform thread), connection limits (a listener's permit taken before {@code accept()}, or a
 * server-wide permit shared by every listener taken right after it, then a per-IP permit),
 * connection events for metrics ({@link dev.facteur.core.net.ConnectionObserver}), implicit TLS (RFC 8314) and the STARTTLS switch (RFC 3207 §4.2,
 * RFC 2595 §3.1, RFC 9051 §6.2.1), the HAProxy PROXY protocol v1/v2 (haproxy.org
 * proxy-protocol.txt) and a strict CRLF line reader with length limits (RFC 5321 §4.5.3.1).
 *
 * <p>Invariants: every accepted socket has TCP_NODELAY set; permits are released in
 * {@code finally}; bytes received before a TLS handshake never reach the protocol after it;
 * at most one accepted, unserved connection per listener waits for a shared permit;
 * replies are written to a buffer that is flushed once, just before the reader would block
 * (so a pipelined batch of replies leaves in one write).
 */
@NullMarked
package dev.facteur.core.net;

import org.jspecify.annotations.NullMarked;
