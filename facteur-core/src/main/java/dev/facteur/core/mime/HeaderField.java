package dev.facteur.core.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.jspecify.annotations.Nullable;

/**
 * One header field of a message or body part.
 *
 * @param name the field name as written
 * @param value the field body, unfolded (RFC 5322 §2.2.3), leading and trailing whitespace
 *              removed; 8-bit octets read as UTF-8 (RFC 6532), or ISO-8859-1 if not valid UTF-8
 * @param start offset of the field's first octet in the message
 * @param end offset just past the field's line terminator
 */
public record HeaderField(String name, String value, long start, long end) {

    /** Limits the fields kept per header block; the rest still count towards offsets. */
    static final int MAX_FIELDS = 1000;

    /**
     * Splits the header block {@code [start, end)} of {@code raw} into fields. Lines that are
     * not fields (no colon) are skipped; a continuation line before any field is ignored.
     */
    public static List<HeaderField> parse(byte[] raw, long start, long end) {
        return parse(raw, start, end, null);
    }

    /**
     * The fields of {@link #parse} named {@code name} (ignoring case), in order; the bodies of the
     * others are not decoded (SEARCH on one field of thousands of headers).
     */
    public static List<HeaderField> named(byte[] raw, long start, long end, String name) {
        return parse(raw, start, end, name);
    }

    private static List<HeaderField> parse(byte[] raw, long start, long end, @Nullable String only) {
        List<HeaderField> fields = new ArrayList<>();
        int pos = (int) start;
        int limit = (int) end;
        int fieldStart = -1;
        int kept = 0;
        while (pos < limit) {
            int lineEnd = MimeBytes.lineEnd(raw, pos, limit);
            boolean continuation = raw[pos] == ' ' || raw[pos] == '\t';
            // RFC 5322 §2.2.3: a line starting with WSP continues the previous field (folding)
            if (!continuation) {
                if (fieldStart >= 0) {
                    kept += add(fields, kept, raw, fieldStart, pos, only);
                }
                fieldStart = pos;
            }
            pos = lineEnd;
        }
        if (fieldStart >= 0) {
            add(fields, kept, raw, fieldStart, limit, only);
        }
        return fields;
    }

    /** Adds the field at {@code [from, to)} if it is one, is named {@code only} (when given) and fits; 1 if it is a field. */
    private static int add(List<HeaderField> fields, int kept, byte[] raw, int from, int to, @Nullable String only) {
        if (kept >= MAX_FIELDS) {
            return 0;
        }
        int colon = -1;
        for (int i = from; i < to; i++) {
            if (raw[i] == ':') {
                colon = i;
                break;
            }
            if (raw[i] == '\r' || raw[i] == '\n') {
                break;
            }
        }
        if (colon <= from) {
            return 0; // not a field (RFC 5322 §3.6.8 requires a name and a colon)
        }
        String name = new String(raw, from, colon - from, StandardCharsets.ISO_8859_1).strip();
        if (only == null || name.equalsIgnoreCase(only)) {
            fields.add(new HeaderField(name, unfold(text(raw, colon + 1, to)), from, to));
        }
        return 1;
    }

    /** Decodes octets as UTF-8, or ISO-8859-1 when they are not valid UTF-8. */
    static String text(byte[] raw, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            return new String(raw, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }

    private static String unfold(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\r' && c != '\n') {
                b.append(c);
            }
        }
        return b.toString().strip();
    }

    /** The value with RFC 2047 encoded words decoded (for search and display, never for ENVELOPE). */
    public String decodedValue() {
        return decode(value);
    }

    /** Decodes RFC 2047 encoded words; text that is not validly encoded is kept as written. */
    public static String decode(String value) {
        if (!value.contains("=?")) {
            return value;
        }
        try {
            return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
        } catch (RuntimeException e) {
            return value; // mime4j refuses some malformed words; the raw text is still searchable
        }
    }

    /** The first field named {@code name} (case-insensitive), or null. */
    public static @org.jspecify.annotations.Nullable HeaderField first(List<HeaderField> fields, String name) {
        for (HeaderField f : fields) {
            if (f.name.equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }
}
