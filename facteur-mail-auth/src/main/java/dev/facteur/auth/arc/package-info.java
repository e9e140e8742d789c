/**
 * ARC, RFC 8617: {@link dev.facteur.auth.arc.ArcVerifier} validates the chain of ARC sets
 * (§5.2: structure, the latest ARC-Message-Signature, every ARC-Seal) and reports cv=none, pass or
 * fail as a sealed {@link dev.facteur.auth.arc.ArcResult}; {@link dev.facteur.auth.arc.ArcSealer}
 * adds a set as an intermediary (§5.1). Signatures reuse the DKIM canonicalisation and key records.
 * Invariants: at most 50 ARC sets (§4.2.1); the AS is always relaxed-canonicalised (§5.1.1).
 */
@NullMarked
package dev.facteur.auth.arc;

import org.jspecify.annotations.NullMarked;
