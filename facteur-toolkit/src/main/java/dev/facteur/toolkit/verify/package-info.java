/**
 * Address verification: syntax (RFC 5321 §4.1.2, RFC 5322 §3.4.1, RFC 6531 §3.3, IDN domains per
 * RFC 5890), the mail route (MX with the implicit-MX fallback of RFC 5321 §5.1, null MX of RFC
 * 7505), the shipped disposable, role (RFC 2142) and free-provider lists, and an SMTP callout
 * (EHLO, MAIL FROM, RCPT TO, RSET, QUIT; never DATA; SMTPUTF8 per RFC 6531 §3.4) reading replies
 * with enhanced status codes (RFC 3463), with catch-all detection and a greylisting retry.
 *
 * <p>Invariants: a verdict always carries the reason and the evidence that decided it; a reason
 * belongs to exactly one verdict; every network wait is bounded (connect, each reply, the whole
 * session) and every reply is bounded in line length and line count; a network failure is an
 * {@code unknown} verdict, never an exception.
 */
package dev.facteur.toolkit.verify;
