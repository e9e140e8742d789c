/**
 * TLS for every listener: TLS 1.2 and 1.3 only with forward-secret AEAD cipher suites
 * (RFC 8996 retires 1.0/1.1; RFC 9325 §4.1-4.2 recommendations), a certificate chain and key
 * loaded from PEM files (RFC 7468) and reloaded when the files change, and a self-signed
 * certificate generated at first start when none is configured.
 *
 * <p>Invariants: a failed reload keeps the previous working context; private keys are written
 * with owner-only permissions.
 */
@NullMarked
package dev.facteur.core.tls;

import org.jspecify.annotations.NullMarked;
