/**
 * {@code facteur analyze message}: the path of a message from its Received headers (RFC 5321
 * §4.4), the Authentication-Results recorded in transit (RFC 8601), SPF (RFC 7208) and DKIM (RFC
 * 6376) re-verified now through dev.facteur.auth, identifier alignment of the From domain (RFC
 * 9989), and the header (RFC 5322 §3.6) and MIME (RFC 2045, RFC 2046 §5.1.1) faults receiving
 * filters object to.
 *
 * <p>Invariants: input is bounded ({@link dev.facteur.toolkit.analyze.MessageAnalyzer#MAX_BYTES},
 * at most 1000 header fields, 100 hops); any octets are accepted (non-UTF-8 included) and every
 * text shown is made printable; nothing in a message makes the analyser throw.
 */
package dev.facteur.toolkit.analyze;
