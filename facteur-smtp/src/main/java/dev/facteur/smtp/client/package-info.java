/**
 * An SMTP client over blocking sockets, one virtual thread per session: {@link
 * dev.facteur.smtp.client.SmtpClient} with typed replies ({@link dev.facteur.smtp.client.SmtpReply},
 * {@link dev.facteur.smtp.client.EnhancedStatus}) and the peer's extensions ({@link
 * dev.facteur.smtp.client.EhloCapabilities}). Used by outbound delivery and by the toolkit.
 *
 * <p>RFCs: 5321 (SMTP; §4.5.3.2 timeouts, §4.5.2 transparency), 2920 (PIPELINING), 1870 (SIZE),
 * 6152 (8BITMIME), 6531 (SMTPUTF8), 3030 (CHUNKING/BDAT), 3461 (DSN parameters), 3207 (STARTTLS),
 * 2034/3463 (enhanced status codes), 4954 and 4616 (AUTH PLAIN, LOGIN), 7672 and 6698 (DANE
 * certificate matching), 7435 (opportunistic TLS).
 *
 * <p>Invariants: replies are bounded (line length and line count), every read has a timeout and every
 * write a deadline; no argument can inject a command (CR and LF are refused); credentials are sent
 * only over TLS and never logged; after STARTTLS nothing read before the handshake is used and the
 * extensions must be learnt again.
 */
@NullMarked
package dev.facteur.smtp.client;

import org.jspecify.annotations.NullMarked;
