package dev.facteur.store;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Message flags: system flags ({@code \Seen \Answered \Flagged \Deleted \Draft}) and keywords.
 * System flags are matched case-insensitively and kept in their canonical spelling;
 * {@code \Recent} is a session property and never stored.
 */
public record Flags(Set<String> values) {
    public static final String SEEN = "\\Seen";
    public static final String ANSWERED = "\\Answered";
    public static final String FLAGGED = "\\Flagged";
    public static final String DELETED = "\\Deleted";
    public static final String DRAFT = "\\Draft";
    public static final Flags NONE = new Flags(Set.of());

    private static final Set<String> SYSTEM = Set.of(SEEN, ANSWERED, FLAGGED, DELETED, DRAFT);

    public Flags {
        TreeSet<String> canonical = new TreeSet<>();
        for (String v : values) {
            canonical.add(canonical(v));
        }
        values = java.util.Collections.unmodifiableSet(canonical);
    }

    public static Flags of(String... flags) {
        return new Flags(Set.of(flags));
    }

    public static Flags of(Collection<String> flags) {
        return new Flags(Set.copyOf(flags));
    }

    public boolean contains(String flag) {
        return values.contains(canonical(flag));
    }

    public Flags plus(Flags other) {
        TreeSet<String> s = new TreeSet<>(values);
        s.addAll(other.values);
        return new Flags(s);
    }

    public Flags minus(Flags other) {
        TreeSet<String> s = new TreeSet<>(values);
        s.removeAll(other.values);
        return new Flags(s);
    }

    private static String canonical(String flag) {
        if (flag.isEmpty()) {
            throw new IllegalArgumentException("empty flag");
        }
        if (flag.charAt(0) == '\\') {
            for (String s : SYSTEM) {
                if (s.equalsIgnoreCase(flag)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("not a storable system flag: " + flag);
        }
        for (int i = 0; i < flag.length(); i++) {
            char c = flag.charAt(i);
            // RFC 9051 §9 flag-keyword = atom: no controls, space, ( ) { % * " \ ]
            if (c <= 0x20 || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
                throw new IllegalArgumentException("invalid keyword: " + flag);
            }
        }
        return flag; // keywords keep their case (RFC 9051 §2.3.2 compares them case-insensitively at search time)
    }
}
