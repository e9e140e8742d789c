/**
 * SPF, RFC 7208: record selection (§4.5), record syntax (§4.6, §12), mechanisms (§5), modifiers (§6),
 * macros (§7) and the processing limits (§4.6.4: 10 DNS-querying terms, 10 MX/PTR names, 2 void
 * lookups). {@link dev.facteur.auth.spf.SpfVerifier} runs check_host() (§4) and returns a sealed
 * {@link dev.facteur.auth.spf.SpfResult}; it never throws for a policy or DNS outcome.
 * Invariants: an evaluation asks at most 10 + 10×10 + a few address queries; a parsed
 * {@link dev.facteur.auth.spf.SpfRecord} is syntactically valid.
 */
@NullMarked
package dev.facteur.auth.spf;

import org.jspecify.annotations.NullMarked;
