/**
 * Outbound delivery: {@link dev.facteur.smtp.outbound.DeliveryService} claims due messages from the
 * store's outbound queue and delivers them with the SMTP client; {@link
 * dev.facteur.smtp.outbound.QueueAdmin} backs {@code facteur queue} and the admin HTTP API; {@link
 * dev.facteur.smtp.outbound.Srs} rewrites the sender of alias forwards (the SMTP server calls it) and
 * reverses bounces to rewritten addresses; {@link dev.facteur.smtp.outbound.DsnBuilder} writes
 * notifications. A smarthost or per-domain route ({@link dev.facteur.smtp.outbound.Relay}) replaces
 * MX lookup, with implicit TLS (RFC 8314 §3), required STARTTLS or opportunistic TLS, and AUTH only
 * over TLS (RFC 4954 §4).
 *
 * <p>RFCs: 5321 §5.1 (MX selection, implicit MX), §4.5.4.1 (retry strategy), §6.1 (reliable
 * delivery); 7505 (null MX); 3461, 3464, 6522, 6533 (DSN); 3463 (status codes); 8461 (MTA-STS);
 * 7672 and 6698 (DANE for SMTP); 8689 (REQUIRETLS); 3834 §5 (Auto-Submitted); SRS per libsrs2.
 * Not yet: TLS-RPT (RFC 8460) reports.
 *
 * <p>Invariants: a message is never lost: outcomes are recorded only after the attempt (so a crash
 * delivers again, at least once) and a bounce is handed over before the failure is recorded; no
 * notification ever goes to the null reverse path; each destination has its own bounded slots, so
 * one slow domain never holds up the others; a claimed message is leased, so another node takes it
 * over if this one dies; an idle session is reused only for the same host, TLS requirement and
 * credentials it was set up with; {@code deliverDue()} returns only once a claim found fewer due
 * messages than it had slots for (slots are taken before claiming, so "no free slot" is never read
 * as "nothing due"); the null sender is never SRS-rewritten.
 */
@NullMarked
package dev.facteur.smtp.outbound;

import org.jspecify.annotations.NullMarked;
