package dev.facteur.auth.arc;

import dev.facteur.auth.dkim.TagList;
import dev.facteur.auth.message.HeaderField;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One ARC set (RFC 8617 §4.1): its instance and its AAR, AMS and AS header fields. */
record ArcSet(int instance, HeaderField aar, HeaderField ams, HeaderField as, TagList amsTags, TagList asTags) {

    /** RFC 8617 §4.2.1: at most 50 sets. */
    static final int MAX_INSTANCES = 50;

    static final String AAR = "ARC-Authentication-Results";
    static final String AMS = "ARC-Message-Signature";
    static final String AS = "ARC-Seal";

    private static final Pattern AAR_INSTANCE = Pattern.compile("^[ \\t\\r\\n]*i[ \\t\\r\\n]*=[ \\t\\r\\n]*([0-9]+)[ \\t\\r\\n]*;", Pattern.DOTALL);

    /** The sets of a message in ascending order, or the reason the structure is invalid (§5.2 step 1-2). */
    sealed interface Chain {
        record Sets(List<ArcSet> sets) implements Chain {
        }

        record Broken(int instances, String cause) implements Chain {
        }
    }

    static Chain collect(List<HeaderField> headers) {
        TreeMap<Integer, HeaderField[]> byInstance = new TreeMap<>();
        TreeMap<Integer, TagList[]> tags = new TreeMap<>();
        for (HeaderField h : headers) {
            int kind = h.is(AAR) ? 0 : h.is(AMS) ? 1 : h.is(AS) ? 2 : -1;
            if (kind < 0) {
                continue;
            }
            Optional<Integer> instance;
            TagList tl = null;
            if (kind == 0) {
                Matcher m = AAR_INSTANCE.matcher(h.rawValue());
                instance = m.find() ? parseInstance(m.group(1)) : Optional.empty();
            } else {
                try {
                    tl = TagList.parse(h.rawValue());
                } catch (TagList.SyntaxException e) {
                    return new Chain.Broken(0, h.name() + " syntax: " + e.getMessage());
                }
                instance = tl.get("i").flatMap(ArcSet::parseInstance);
            }
            if (instance.isEmpty()) {
                return new Chain.Broken(0, h.name() + " has no valid i= instance");
            }
            HeaderField[] slot = byInstance.computeIfAbsent(instance.get(), k -> new HeaderField[3]);
            // RFC 8617 §4.2.1: exactly one of each header per instance.
            if (slot[kind] != null) {
                return new Chain.Broken(instance.get(), "duplicate " + h.name() + " for i=" + instance.get());
            }
            slot[kind] = h;
            if (tl != null) {
                tags.computeIfAbsent(instance.get(), k -> new TagList[3])[kind] = tl;
            }
        }
        if (byInstance.isEmpty()) {
            return new Chain.Sets(List.of());
        }
        int n = byInstance.lastKey();
        if (n > MAX_INSTANCES) {
            return new Chain.Broken(n, "more than " + MAX_INSTANCES + " ARC sets");
        }
        List<ArcSet> sets = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            HeaderField[] slot = byInstance.get(i);
            // RFC 8617 §5.2 step 2: instances run 1..N without gaps, each set complete.
            if (slot == null || slot[0] == null || slot[1] == null || slot[2] == null) {
                return new Chain.Broken(n, "ARC set i=" + i + " is incomplete");
            }
            TagList[] t = tags.get(i);
            sets.add(new ArcSet(i, slot[0], slot[1], slot[2], t[1], t[2]));
        }
        return new Chain.Sets(sets);
    }

    private static Optional<Integer> parseInstance(String v) {
        if (!v.matches("[0-9]{1,3}")) {
            return Optional.empty();
        }
        int i = Integer.parseInt(v);
        return i >= 1 && i <= 999 ? Optional.of(i) : Optional.empty();
    }
}
