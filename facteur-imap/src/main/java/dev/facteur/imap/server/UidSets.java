package dev.facteur.imap.server;

import java.util.Collection;
import java.util.List;

/** Formats UIDs as an RFC 9051 §9 sequence-set of ascending ranges ("1:3,7"). */
final class UidSets {

    private UidSets() {}

    static String format(Collection<Long> numbers) {
        List<Long> sorted = numbers.stream().sorted().distinct().toList();
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < sorted.size()) {
            long start = sorted.get(i);
            long end = start;
            while (i + 1 < sorted.size() && sorted.get(i + 1) == end + 1) {
                end = sorted.get(++i);
            }
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(start);
            if (end != start) {
                b.append(':').append(end);
            }
            i++;
        }
        return b.toString();
    }

    /** Formats a list in the given order, without merging (COPYUID pairs must stay aligned). */
    static String ordered(List<Long> numbers) {
        StringBuilder b = new StringBuilder();
        for (long n : numbers) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(n);
        }
        return b.toString();
    }
}
