/**
 * The mail-authentication library (facteur-mail-auth) wired into the SMTP server.
 *
 * <p>{@link dev.facteur.smtp.server.auth.MailAuthPolicy} is the inbound policy stage for the MX
 * role: SPF for the HELO and MAIL FROM identities at MAIL FROM (RFC 7208 §2.3, §2.4), then DKIM
 * (RFC 6376), ARC (RFC 8617) and DMARC (RFC 9989) on the octets as received, one
 * Authentication-Results field (RFC 8601 §2.2) and the DMARC disposition: reject is 550 5.7.1 at
 * the end of DATA, quarantine delivers to Junk. {@link dev.facteur.smtp.server.auth.DkimOutboundSigner}
 * signs submitted mail with every active key of the author domain (RSA-2048 and Ed25519, RFC 8463
 * §5), keys kept in the store's Settings by {@link dev.facteur.smtp.server.auth.DkimKeyStore}.
 *
 * <p>Invariants: submission sessions are never checked and MX sessions are never signed (a
 * forwarded message claiming one of our domains must not gain our signature); per-connection state
 * is bounded and only an optimisation (a missing entry is recomputed); Authentication-Results
 * fields that claim our authserv-id are forgeries and are removed before ours is added (RFC 8601 §5).
 */
@NullMarked
package dev.facteur.smtp.server.auth;

import org.jspecify.annotations.NullMarked;
