/**
 * Authentication-Results, RFC 8601: {@link dev.facteur.auth.results.AuthenticationResults} writes
 * the one header Facteur adds per message (spf, dkim, dmarc and arc results, §2.2, §2.7), and
 * {@link dev.facteur.auth.results.ForgedResultsFilter} removes fields that claim our authserv-id on
 * receipt (§5).
 * Invariants: comments never contain CR, LF or unbalanced parentheses; property values are either
 * tokens or quoted strings.
 */
@NullMarked
package dev.facteur.auth.results;

import org.jspecify.annotations.NullMarked;
