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
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new SyntaxException("bad tag name");
            }
            String value = strip(part.substring(eq + 1));
            if (map.put(name, value) != null) {
                throw new SyntaxException("duplicate tag " + name);
            }
        }
        return new TagList(map);
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
        return get(name).map(v -> v.replaceAll("[ \\t\\r\\n]", ""));
    }
}
