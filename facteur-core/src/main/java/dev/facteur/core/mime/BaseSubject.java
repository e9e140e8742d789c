package dev.facteur.core.mime;

import java.util.Locale;
import java.util.regex.Pattern;

/** RFC 5256 §2.1: the base subject used by SORT SUBJECT and THREAD ORDEREDSUBJECT/REFERENCES. */
public final class BaseSubject {

    private static final Pattern WHITESPACE_RUN = Pattern.compile("[\\t\\r\\n ]+");

    private BaseSubject() {}

    /** Extracts the base subject from a raw Subject value. */
    public static String of(String rawSubject) {
        // RFC 5256 §2.1 (1): decode encoded words, convert to UTF-8, collapse whitespace
        String s = WHITESPACE_RUN.matcher(HeaderField.decode(rawSubject)).replaceAll(" ").strip();
        while (true) {
            String before = s;
            s = removeTrailers(s); // (2)
            String leaderLoop;
            do { // (3)-(5): remove subj-leader and subj-blob while something changes
                leaderLoop = s;
                s = removeLeader(s);
                String withoutBlob = removeBlob(s);
                if (!withoutBlob.isEmpty()) {
                    s = withoutBlob;
                }
            } while (!s.equals(leaderLoop));
            // (6): "[fwd:" subject "]"
            if (s.length() > 5 && s.regionMatches(true, 0, "[fwd:", 0, 5) && s.endsWith("]")) {
                s = s.substring(5, s.length() - 1).strip();
            }
            if (s.equals(before)) {
                return s;
            }
        }
    }

    /**
     * A comparison key: the base subject with ASCII letters folded to upper case, as i;ascii-casemap
     * does (RFC 4790 §9.2, the collation of RFC 5256 §3), so "[" and "_" sort after letters.
     */
    public static String key(String baseSubject) {
        StringBuilder b = new StringBuilder(baseSubject.length());
        for (int i = 0; i < baseSubject.length(); i++) {
            char c = baseSubject.charAt(i);
            b.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        return b.toString();
    }

    private static String removeTrailers(String s) {
        String t = s;
        while (true) {
            String stripped = t.stripTrailing();
            if (stripped.toLowerCase(Locale.ROOT).endsWith("(fwd)")) {
                stripped = stripped.substring(0, stripped.length() - 5);
            }
            if (stripped.equals(t)) {
                return t;
            }
            t = stripped;
        }
    }

    /** subj-leader = (*subj-blob subj-refwd) / WSP; subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":" */
    private static String removeLeader(String s) {
        String t = s.stripLeading();
        int p = 0;
        int afterBlobs = skipBlobs(t, 0);
        p = afterBlobs;
        int word;
        if (t.regionMatches(true, p, "re", 0, 2)) {
            word = p + 2;
        } else if (t.regionMatches(true, p, "fwd", 0, 3)) {
            word = p + 3;
        } else if (t.regionMatches(true, p, "fw", 0, 2)) {
            word = p + 2;
        } else {
            return t;
        }
        int q = skipWsp(t, word);
        if (q < t.length() && t.charAt(q) == '[') {
            int close = blobEnd(t, q);
            if (close > 0) {
                q = skipWsp(t, close);
            }
        }
        if (q < t.length() && t.charAt(q) == ':') {
            return t.substring(q + 1).stripLeading();
        }
        return t;
    }

    private static String removeBlob(String s) {
        if (!s.startsWith("[")) {
            return s;
        }
        int close = blobEnd(s, 0);
        return close < 0 ? s : s.substring(close).stripLeading();
    }

    private static int skipBlobs(String s, int from) {
        int p = from;
        while (p < s.length() && s.charAt(p) == '[') {
            int close = blobEnd(s, p);
            if (close < 0) {
                return p;
            }
            p = skipWsp(s, close);
        }
        return p;
    }

    /** subj-blob = "[" *BLOBCHAR "]": returns the index just past ']', or -1. */
    private static int blobEnd(String s, int open) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ']') {
                return i + 1;
            }
            if (c == '[') {
                return -1;
            }
        }
        return -1;
    }

    private static int skipWsp(String s, int from) {
        int p = from;
        while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
            p++;
        }
        return p;
    }
}
