/**
 * The SMTP wire format, apart from any I/O or store: command records and their parser
 * (RFC 5321 §4.1, with the parameters of RFC 1870 SIZE, RFC 6152 8BITMIME, RFC 6531 SMTPUTF8,
 * RFC 3461 DSN, RFC 8689 REQUIRETLS, RFC 4954 AUTH, RFC 3030 BDAT), typed replies with
 * RFC 2034/3463 enhanced status codes from one catalogue, and the DATA (dot-stuffed,
 * RFC 5321 §4.5.2) and BDAT (RFC 3030) message readers.
 *
 * <p>Invariants: a reply's text never contains CR or LF; a message only ends at CRLF "." CRLF
 * (no bare LF or CR variant ends it, the SMTP smuggling class); a {@link dev.facteur.smtp.proto.MessageBuffer}
 * keeps at most the configured message size, in memory up to its spool threshold and in a
 * temporary file past it (the only file I/O here), deleted when the buffer is closed.
 */
@NullMarked
package dev.facteur.smtp.proto;

import org.jspecify.annotations.NullMarked;
