package dev.facteur.auth.message;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One header field exactly as received: {@code raw} holds the name, colon, value, folding and the
 * final CRLF. Text accessors decode as ISO-8859-1 so each octet maps to one char and back.
 */
public record HeaderField(String name, byte[] raw) {

    public HeaderField {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        raw = raw.clone();
    }

    /** Builds a field from text "Name: value" (CRLF added if missing). */
    public static HeaderField of(String text) {
        String t = text.endsWith("\r\n") ? text : text + "\r\n";
        int colon = t.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("header field without name");
        }
        return new HeaderField(t.substring(0, colon).strip(), t.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** True if the field's name equals the given one, ignoring case (RFC 5322 §1.2.2). */
    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }

    public String lowerName() {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The whole field as text, CRLF included. */
    public String text() {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    /** The value after the colon, still folded, without the final CRLF. */
    public String rawValue() {
        String t = text();
        int colon = t.indexOf(':');
        String v = t.substring(colon + 1);
        return v.endsWith("\r\n") ? v.substring(0, v.length() - 2) : v;
    }

    /** The value unfolded (RFC 5322 §2.2.3) and trimmed. */
    public String value() {
        return rawValue().replace("\r\n", "").strip();
    }
}
