package dev.facteur.imap.proto;

import java.time.LocalDate;
import java.util.List;

/** RFC 9051 §6.4.4 search keys (with RFC 7162 MODSEQ, RFC 5032 WITHIN, RFC 8514 SAVEDATE). */
public sealed interface SearchKey {

    record All() implements SearchKey {}

    /** A flag (system or keyword) that must be set, or (for UN…) clear. */
    record Flag(String flag, boolean set) implements SearchKey {}

    /** \Recent (RFC 3501 §6.4.4 RECENT / OLD); RFC 9051 dropped it, IMAP4rev1 sessions still have it. */
    record Recent(boolean recent) implements SearchKey {}

    record Header(String field, String value) implements SearchKey {}

    record Body(String text) implements SearchKey {}

    record Text(String text) implements SearchKey {}

    enum DateField { INTERNAL, SENT, SAVED }

    enum DateOp { BEFORE, ON, SINCE }

    record Date(DateField field, DateOp op, LocalDate date) implements SearchKey {}

    record Larger(long size) implements SearchKey {}

    record Smaller(long size) implements SearchKey {}

    /** A sequence set of message numbers; {@code uid} for the UID key. */
    record Sequence(SequenceSet set, boolean uid) implements SearchKey {}

    /** RFC 7162 §3.1.5: MODSEQ greater than or equal to {@code modSeq}. */
    record ModSeq(long modSeq) implements SearchKey {}

    /** RFC 5032: internal date within the last (YOUNGER) or older than (OLDER) that many seconds. */
    record Within(long seconds, boolean younger) implements SearchKey {}

    /** RFC 8514 §2.1: SAVEDATESUPPORTED matches every message of a mailbox that keeps save dates. */
    record SaveDateSupported() implements SearchKey {}

    /** RFC 8474 §5: EMAILID / THREADID. */
    record ObjectId(boolean thread, String id) implements SearchKey {}

    record Not(SearchKey key) implements SearchKey {}

    record Or(SearchKey left, SearchKey right) implements SearchKey {}

    record And(List<SearchKey> keys) implements SearchKey {
        public And {
            keys = List.copyOf(keys);
        }
    }
}
