/**
 * The IMAP wire format, apart from the server: a hand-written cursor parser from a complete
 * command (its literals already read) to a {@link dev.facteur.imap.proto.Command} record, and
 * typed responses serialised by {@link dev.facteur.imap.proto.ResponseWriter}. No I/O, no store.
 *
 * <p>RFCs: RFC 9051 §9 and RFC 3501 §9 (formal syntax), RFC 7888 (LITERAL+ / LITERAL-),
 * RFC 3516 (BINARY), RFC 7162 (CONDSTORE/QRESYNC modifiers), RFC 4731 (ESEARCH return
 * options), RFC 5182 (SEARCHRES {@code $}), RFC 5256 (SORT, THREAD), RFC 5258/5819/6154
 * (LIST-EXTENDED, LIST-STATUS, SPECIAL-USE), RFC 4978 (COMPRESS), RFC 2971 (ID),
 * RFC 5161 (ENABLE), RFC 5032 (WITHIN), RFC 8514 (SAVEDATE), RFC 8474 (OBJECTID),
 * RFC 9208 (QUOTA).
 *
 * <p>Invariants: every parse either returns a valid command or throws {@link
 * dev.facteur.imap.proto.SyntaxException} with the offset of the error; nesting, list sizes and
 * sequence sets are bounded; response text never contains CR or LF.
 */
@NullMarked
package dev.facteur.imap.proto;

import org.jspecify.annotations.NullMarked;
