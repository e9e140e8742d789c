/**
 * SMTP TLS Reporting, RFC 8460: the reporting policy record at {@code _smtp._tls.<domain>} (§3),
 * the JSON aggregate report (§4) and its delivery format (§5: gzip, {@code application/tlsrpt+gzip},
 * a multipart/report mail or an HTTPS POST).
 * Invariants: reports are built from counts only (no message content); JSON strings are escaped.
 */
@NullMarked
package dev.facteur.auth.tlsrpt;

import org.jspecify.annotations.NullMarked;
