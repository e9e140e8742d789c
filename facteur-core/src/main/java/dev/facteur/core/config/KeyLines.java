package dev.facteur.core.config;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps dotted key paths of a TOML document to the line that defines them, so that a bad
 * value can be reported with its line (the TOML parser keeps no locations in its tree).
 * Handles tables, arrays of tables, dotted keys and quoted keys; keys inside an inline
 * table report the line of the inline table.
 */
final class KeyLines {
    private static final Pattern TABLE = Pattern.compile("^\\s*\\[\\[?\\s*([^\\]]+?)\\s*\\]\\]?\\s*(#.*)?$");
    private static final Pattern KEY = Pattern.compile("^\\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\\s*\\.\\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\\s*=");

    private final Map<String, Integer> lines = new HashMap<>();

    KeyLines(String text) {
        String table = "";
        String[] all = text.split("\n", -1);
        for (int i = 0; i < all.length; i++) {
            String line = all[i];
            Matcher t = TABLE.matcher(line);
            if (t.matches()) {
                table = normalise(t.group(1));
                lines.putIfAbsent(table, i + 1);
                continue;
            }
            Matcher k = KEY.matcher(line);
            if (k.find()) {
                String key = normalise(k.group(1));
                lines.putIfAbsent(table.isEmpty() ? key : table + "." + key, i + 1);
            }
        }
    }

    private static String normalise(String dotted) {
        StringBuilder b = new StringBuilder();
        for (String part : dotted.split("\\s*\\.\\s*(?=(?:[^\"']*[\"'][^\"']*[\"'])*[^\"']*$)")) {
            String p = part.trim();
            if (p.length() >= 2 && (p.startsWith("\"") && p.endsWith("\"") || p.startsWith("'") && p.endsWith("'"))) {
                p = p.substring(1, p.length() - 1);
            }
            if (!b.isEmpty()) {
                b.append('.');
            }
            b.append(p);
        }
        return b.toString();
    }

    /** The line of {@code path}, or of its nearest enclosing key; 0 if unknown. */
    int lineOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer n = lines.get(p);
            if (n != null) {
                return n;
            }
            int dot = p.lastIndexOf('.');
            p = dot < 0 ? "" : p.substring(0, dot);
        }
        return 0;
    }
}
