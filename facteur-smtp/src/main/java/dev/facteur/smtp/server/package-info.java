/**
 * The SMTP server: MX on port 25 (RFC 5321, STARTTLS per RFC 3207, no AUTH), submission on 587
 * (RFC 6409; STARTTLS before AUTH and MAIL) and on 465 with implicit TLS (RFC 8314), sessions
 * with PIPELINING (RFC 2920), CHUNKING (RFC 3030), SMTPUTF8 (RFC 6531), DSN (RFC 3461),
 * REQUIRETLS (RFC 8689) and AUTH (RFC 4954), recipient policy (no open relay, RFC 5321 §3.6.2,
 * §7.1), local delivery with trace headers (RFC 5321 §4.4, RFC 8314 §7.4) and the hand-off to
 * the outbound queue.
 *
 * <p>Invariants: a 250 to DATA or BDAT LAST is sent only after the store returned from every
 * write for the message (blob, mailbox rows, queue row), so it is durable; nothing is relayed for
 * a client that has not authenticated; which command needs what (HELO, TLS, AUTH, MAIL, RCPT) is
 * declared once in {@link dev.facteur.smtp.server.CommandRules}; a transaction's spooled octets
 * are deleted when it ends, whatever ends it (delivery, refusal, RSET, EHLO, STARTTLS, a dropped
 * connection); spooled messages read back for delivery at once are bounded (256 MiB worth);
 * meter tags come from closed sets, never from client text.
 */
@NullMarked
package dev.facteur.smtp.server;

import org.jspecify.annotations.NullMarked;
