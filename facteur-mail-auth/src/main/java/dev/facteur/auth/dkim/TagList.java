package dev.facteur.auth.dkim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** RFC 6376 §3.2 tag=value lists, as used by DKIM-Signature, key records and ARC headers. */
public record TagList(Map<String, String> tags) {

    public TagList {
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** Thrown for a malformed list; callers turn it into permerror. */
    public static final class SyntaxException extends Exception {
        public SyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Parses a tag list. Tag names are case-sensitive (§3.2); values have surrounding FWS removed;
     * a duplicate tag is an error (§3.2 "tags MUST NOT be duplicated"); a trailing ';' is allowed.
     */
    public static TagList parse(String text) throws SyntaxException {
        Map<String, String> map = new LinkedHashMap<>();
        String[] parts = text.split(";", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isBlank()) {
                if (i == parts.length - 1) {
                    break;
                }
                throw new SyntaxException("empty tag-spec");
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new SyntaxException("tag without '='");
            }
            String name = strip(part.substring(0, eq));
            if (!isTagName(name)) {
                throw new SyntaxException("bad tag name");
            }
            String value = strip(part.substring(eq + 1));
            if (map.put(name, value) != null) {
                throw new SyntaxException("duplicate tag " + name);
            }
        }
        return new TagList(map);
    }

    /** RFC 6376 §3.2: tag-name = ALPHA *ALNUMPUNC (ALNUMPUNC = ALPHA / DIGIT / "_"). */
    private static boolean isTagName(String n) {
        if (n.isEmpty() || !isAlpha(n.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n.length(); i++) {
            char c = n.charAt(i);
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlpha(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** The text with all FWS characters removed. */
    public static String withoutWhitespace(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!isFws(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String strip(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isFws(s.charAt(a))) {
            a++;
        }
        while (b > a && isFws(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    private static boolean isFws(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(tags.get(name));
    }

    public boolean has(String name) {
        return tags.containsKey(name);
    }

    /** A tag's value with all whitespace removed (base64 values, §3.5 b= and bh=). */
    public Optional<String> compact(String name) {
        return get(name).map(TagList::withoutWhitespace);
    }
}
