/**
 * DKIM signatures, RFC 6376, with the algorithm updates of RFC 8301 (rsa-sha1 refused, RSA keys of
 * at least 1024 bits) and RFC 8463 (ed25519-sha256). {@link dev.facteur.auth.dkim.DkimVerifier}
 * checks every DKIM-Signature of a message and returns one sealed
 * {@link dev.facteur.auth.dkim.DkimResult} per signature; {@link dev.facteur.auth.dkim.DkimSigner}
 * signs with one or more keys; {@link dev.facteur.auth.dkim.DkimKeyGenerator} makes keys and their
 * TXT records. The canonicalisation, tag-list and key-record code is shared with ARC (RFC 8617).
 * Invariants: nothing thrown for a verification outcome; l= is not honoured unless configured
 * (RFC 6376 §8.2); at most {@link dev.facteur.auth.dkim.DkimVerifier#MAX_SIGNATURES} signatures are
 * checked per message.
 */
@NullMarked
package dev.facteur.auth.dkim;

import org.jspecify.annotations.NullMarked;
