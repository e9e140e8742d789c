package dev.facteur.imap.proto;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A body section specifier (RFC 9051 §6.4.5): a part path and what of it.
 *
 * @param part the part numbers, empty for the whole message
 * @param text what of the part: the whole part, its header, some header fields, text or MIME header
 * @param fields the field names for HEADER.FIELDS and HEADER.FIELDS.NOT, upper-case
 */
public record Section(List<Integer> part, Text text, List<String> fields) {

    public enum Text { ALL, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME }

    public static final Section WHOLE = new Section(List.of(), Text.ALL, List.of());

    public Section {
        part = List.copyOf(part);
        fields = List.copyOf(fields);
        if (text == Text.MIME && part.isEmpty()) {
            throw new IllegalArgumentException("MIME needs a part number"); // RFC 9051 §6.4.5
        }
    }

    /** The section as echoed in the FETCH response, e.g. {@code 1.2.HEADER.FIELDS (SUBJECT)}. */
    public String spec() {
        StringBuilder b = new StringBuilder();
        b.append(part.stream().map(String::valueOf).collect(Collectors.joining(".")));
        String t = switch (text) {
            case ALL -> "";
            case HEADER -> "HEADER";
            case HEADER_FIELDS -> "HEADER.FIELDS";
            case HEADER_FIELDS_NOT -> "HEADER.FIELDS.NOT";
            case TEXT -> "TEXT";
            case MIME -> "MIME";
        };
        if (!t.isEmpty()) {
            if (!b.isEmpty()) {
                b.append('.');
            }
            b.append(t);
        }
        if (text == Text.HEADER_FIELDS || text == Text.HEADER_FIELDS_NOT) {
            b.append(" (").append(String.join(" ", fields)).append(')');
        }
        return b.toString();
    }
}
