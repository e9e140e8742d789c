package dev.facteur.imap.proto;

import java.util.List;

/**
 * An RFC 9051 §9 sequence-set: ranges of message numbers or UIDs, where {@code *} is the
 * largest number in use ({@link #STAR}), or {@code $}, the saved search result (RFC 5182).
 */
public record SequenceSet(List<Range> ranges, boolean savedResult) {

    /** {@code *}: resolved against the mailbox when the command runs. */
    public static final long STAR = Long.MAX_VALUE;
    /** Ranges per set; more is refused as hostile. */
    public static final int MAX_RANGES = 10_000;

    public SequenceSet {
        ranges = List.copyOf(ranges);
        if (savedResult != ranges.isEmpty()) {
            throw new IllegalArgumentException("a sequence set is either $ or ranges");
        }
        if (ranges.size() > MAX_RANGES) {
            throw new IllegalArgumentException("too many ranges");
        }
    }

    public static SequenceSet saved() {
        return new SequenceSet(List.of(), true);
    }

    public static SequenceSet of(long from, long to) {
        return new SequenceSet(List.of(new Range(from, to)), false);
    }

    /** One range; {@code from} and {@code to} are as written (RFC 9051: "4:2" equals "2:4"). */
    public record Range(long from, long to) {
        public Range {
            if (from < 1 || to < 1) {
                throw new IllegalArgumentException("sequence numbers start at 1");
            }
        }

        /** The lower bound once {@code *} is resolved to {@code max}. */
        public long low(long max) {
            return Math.min(resolve(from, max), resolve(to, max));
        }

        public long high(long max) {
            return Math.max(resolve(from, max), resolve(to, max));
        }

        private static long resolve(long n, long max) {
            return n == STAR ? max : n;
        }
    }

    /** Whether {@code n} is in the set, with {@code *} standing for {@code max}. */
    public boolean contains(long n, long max) {
        for (Range r : ranges) {
            if (n >= r.low(max) && n <= r.high(max)) {
                return true;
            }
        }
        return false;
    }
}
