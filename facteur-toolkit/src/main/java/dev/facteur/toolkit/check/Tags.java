package dev.facteur.toolkit.check;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code name=value; name=value} list as DMARC (RFC 9989), MTA-STS (RFC 8461 §3.1),
 * TLS-RPT (RFC 8460 §3) and BIMI records write it. Names are lower-cased; values are trimmed.
 */
record Tags(Map<String, String> values, String firstName) {

    Tags {
        values = Map.copyOf(values);
    }

    /** Parses the list; a term without {@code =} or a repeated name is a syntax error. */
    static Tags parse(String text) throws SyntaxException {
        Map<String, String> out = new LinkedHashMap<>();
        String first = "";
        for (String term : text.split(";", -1)) {
            String t = term.strip();
            if (t.isEmpty()) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw new SyntaxException("term without name=value: " + t);
            }
            String name = t.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (out.putIfAbsent(name, t.substring(eq + 1).strip()) != null) {
                throw new SyntaxException("tag " + name + " given twice");
            }
            if (first.isEmpty()) {
                first = name;
            }
        }
        return new Tags(out, first);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message, null, false, false);
        }
    }
}
