/**
 * DMARC as RFC 9989 defines it (obsoleting RFC 7489 and RFC 9091; records written for RFC 7489
 * still parse): record syntax (§4.7), policy discovery and the organisational domain by the DNS tree
 * walk (§4.10), identifier alignment (§4.4), policy evaluation with p/sp/np/psd/t (§4.7, §5.3) and the
 * disposition Facteur applies. Aggregate reports (RFC 9990) and failure reports (RFC 9991) live in
 * {@code dev.facteur.auth.dmarc.report}.
 * Invariants: a tree walk asks at most 8 queries (RFC 9989 §4.10); results are sealed values with
 * their cause, never exceptions.
 */
@NullMarked
package dev.facteur.auth.dmarc;

import org.jspecify.annotations.NullMarked;
