/**
 * The POP3 wire format, apart from any I/O policy or store: the command parser, the commands
 * as a sealed set of records, the replies, and the writers for multi-line responses.
 *
 * <p>RFCs: RFC 1939 (POP3), RFC 2449 (CAPA, response codes, PIPELINING, EXPIRE, LOGIN-DELAY,
 * IMPLEMENTATION), RFC 2595 §4 (STLS), RFC 3206 (SYS and AUTH response codes), RFC 5034 (AUTH).
 *
 * <p>Invariants: a reply's text never contains CR, LF or NUL (the constructor refuses them, so
 * nothing a client sent can inject a line); every multi-line response is byte-stuffed and ends
 * with {@code CRLF.CRLF}; the parser is pure (a line in, a command or a
 * {@link dev.facteur.pop3.proto.Pop3SyntaxException} out).
 */
@NullMarked
package dev.facteur.pop3.proto;

import org.jspecify.annotations.NullMarked;
