/**
 * Mail addresses and domains as values. RFC 5321 §4.1.2 (Mailbox, Domain), RFC 5322 §3.4
 * (addr-spec), RFC 6531 §3.3 (UTF-8 local parts), RFC 5890 (IDN A-labels).
 * Invariant: every instance is valid; domains are held in lower-case A-label form.
 */
@NullMarked
package dev.facteur.core.mail;

import org.jspecify.annotations.NullMarked;
