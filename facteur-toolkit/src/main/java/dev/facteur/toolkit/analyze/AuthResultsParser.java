package dev.facteur.toolkit.analyze;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads an Authentication-Results header value (RFC 8601 §2.2) into its results. */
final class AuthResultsParser {

    private AuthResultsParser() {
    }

    static List<AuthResult> parse(String value) {
        List<String> parts = splitOutsideComments(value.length() > 8000 ? value.substring(0, 8000) : value);
        List<AuthResult> out = new ArrayList<>();
        if (parts.isEmpty()) {
            return out;
        }
        // RFC 8601 §2.2: authserv-id [version] then resinfo terms separated by ";".
        String authserv = parts.getFirst().strip().split("\\s+")[0];
        for (String p : parts.subList(1, parts.size())) {
            String t = p.strip();
            int eq = t.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String method = t.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            int slash = method.indexOf('/');
            method = slash > 0 ? method.substring(0, slash) : method;
            String rest = t.substring(eq + 1).strip();
            String result = rest.split("[\\s(]", 2)[0].toLowerCase(Locale.ROOT);
            String detail = rest.substring(result.length()).strip();
            if (!method.isEmpty() && !result.isEmpty() && out.size() < 50) {
                out.add(new AuthResult(dev.facteur.toolkit.report.Printable.of(authserv, 100), method, result,
                        dev.facteur.toolkit.report.Printable.of(detail.replaceAll("\\s+", " "), 300)));
            }
        }
        return out;
    }

    private static List<String> splitOutsideComments(String v) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' && depth == 0) {
                quoted = !quoted;
            } else if (c == '(' && !quoted) {
                depth++;
            } else if (c == ')' && !quoted && depth > 0) {
                depth--;
            }
            if (c == ';' && depth == 0 && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
