package dev.facteur.imap.proto;

import java.util.List;
import java.util.Optional;

/** One FETCH data item (RFC 9051 §6.4.5, RFC 3516 BINARY, RFC 7162 MODSEQ, RFC 8474, RFC 8514). */
public sealed interface FetchItem {

    record Flags() implements FetchItem {}

    record InternalDate() implements FetchItem {}

    record Rfc822Size() implements FetchItem {}

    record Envelope() implements FetchItem {}

    /** BODYSTRUCTURE ({@code extensible}) or the non-extensible BODY. */
    record BodyStructure(boolean extensible) implements FetchItem {}

    record Uid() implements FetchItem {}

    record ModSeq() implements FetchItem {}

    record EmailId() implements FetchItem {}

    record ThreadId() implements FetchItem {}

    record SaveDate() implements FetchItem {}

    /** IMAP4rev1 RFC822, RFC822.HEADER, RFC822.TEXT (RFC 3501 §6.4.5). */
    record Rfc822(Section section, boolean peek, String name) implements FetchItem {}

    /** BODY[section]<partial> and BODY.PEEK. */
    record BodySection(Section section, boolean peek, Optional<Partial> partial) implements FetchItem {}

    /** RFC 3516: BINARY[part]<partial> and BINARY.PEEK. */
    record Binary(List<Integer> part, boolean peek, Optional<Partial> partial) implements FetchItem {
        public Binary {
            part = List.copyOf(part);
        }
    }

    record BinarySize(List<Integer> part) implements FetchItem {
        public BinarySize {
            part = List.copyOf(part);
        }
    }

    /** {@code <offset.count>}. */
    record Partial(long offset, long count) {
        public Partial {
            if (offset < 0 || count < 1) {
                throw new IllegalArgumentException("bad partial range");
            }
        }
    }
}
