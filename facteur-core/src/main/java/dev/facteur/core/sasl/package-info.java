/**
 * Server-side SASL (RFC 4422) as protocol-neutral state machines that SMTP AUTH (RFC 4954),
 * IMAP AUTHENTICATE (RFC 9051 §6.2.2) and POP3 AUTH (RFC 5034) all drive: PLAIN (RFC 4616),
 * LOGIN (draft-murchison-sasl-login), SCRAM-SHA-256 (RFC 7677, RFC 5802), OAUTHBEARER
 * (RFC 7628) and XOAUTH2 (Google's profile), with OAuth2 JWT access tokens (RFC 9068,
 * RFC 7519) checked against a configured issuer and JWKS.
 *
 * <p>Also: the stored credential format (an Argon2id PHC string plus an RFC 5803 SCRAM-SHA-256
 * entry in one string) and a per-address brute-force throttle.
 *
 * <p>Invariants: passwords and tokens are never logged nor kept after the exchange; an unknown
 * user costs the same work and gets the same failure as a wrong password; results are values
 * ({@link dev.facteur.core.sasl.SaslStep}), never exceptions.
 */
@NullMarked
package dev.facteur.core.sasl;

import org.jspecify.annotations.NullMarked;
