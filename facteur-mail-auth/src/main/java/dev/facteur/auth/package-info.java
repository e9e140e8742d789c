/**
 * Mail authentication for Facteur, usable on its own: SPF (RFC 7208), DKIM (RFC 6376, 8301, 8463),
 * DMARC (RFC 9989, reports RFC 9990 and 9991), ARC (RFC 8617) and Authentication-Results (RFC 8601).
 * {@link dev.facteur.auth.MessageAuthenticator} is the inbound entry point the SMTP server calls;
 * {@link dev.facteur.auth.DnsRecordTexts} formats the records {@code facteur init} prints.
 * Invariants: every policy or DNS outcome is a sealed value carrying its cause; nothing thrown
 * escapes for hostile input.
 */
@NullMarked
package dev.facteur.auth;

import org.jspecify.annotations.NullMarked;
