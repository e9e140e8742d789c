package dev.facteur.auth.results;

import dev.facteur.auth.message.HeaderField;
import dev.facteur.auth.message.MailMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * RFC 8601 §5: a receiver removes Authentication-Results fields that claim its own authserv-id
 * before adding its own, since those could only be forgeries from upstream.
 */
public final class ForgedResultsFilter {

    private final String authservId;

    public ForgedResultsFilter(String authservId) {
        this.authservId = authservId.toLowerCase(Locale.ROOT);
    }

    /** The message without Authentication-Results fields whose authserv-id is ours; body untouched. */
    public byte[] strip(byte[] raw) {
        // The usual case, nothing to remove, is decided by one pass over the header octets that
        // decodes only the Authentication-Results fields; anything else takes the full parse below.
        if (!mayHoldOurs(raw)) {
            return raw;
        }
        MailMessage m = MailMessage.parse(raw);
        boolean any = m.headers("Authentication-Results").stream().anyMatch(this::isOurs);
        if (!any) {
            return raw;
        }
        // Copy the original octets, leaving out only the forged fields' exact ranges.
        byte[] bytes = m.bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        int cursor = 0;
        for (HeaderField h : m.headers()) {
            byte[] field = h.raw();
            int at = indexOf(bytes, field, cursor);
            if (at < 0) {
                continue;
            }
            if (h.is("Authentication-Results") && isOurs(h)) {
                out.write(bytes, cursor, at - cursor);
                cursor = at + field.length;
            }
        }
        out.write(bytes, cursor, bytes.length - cursor);
        return out.toByteArray();
    }

    /**
     * False only if the header section (RFC 5322 §2.1: up to the first empty line) is in CRLF form
     * and none of its Authentication-Results fields claims our authserv-id; true when in doubt.
     */
    private boolean mayHoldOurs(byte[] b) {
        int n = b.length;
        int pos = 0;
        while (pos < n) {
            if (b[pos] == '\r' && pos + 1 < n && b[pos + 1] == '\n') {
                return false; // the empty line: end of the header section
            }
            int end = pos;
            while (true) { // RFC 5322 §2.2.3: the field runs to a CRLF not followed by WSP
                if (end >= n) {
                    break;
                }
                byte c = b[end];
                if (c == '\n' || (c == '\r' && (end + 1 >= n || b[end + 1] != '\n'))) {
                    return true; // bare LF or CR: MailMessage normalises it, let it decide
                }
                if (c == '\r' && (end + 2 >= n || (b[end + 2] != ' ' && b[end + 2] != '\t'))) {
                    end += 2;
                    break;
                }
                end += c == '\r' ? 2 : 1;
            }
            if (isResultsField(b, pos, Math.min(end, n)) && isOurs(b, pos, Math.min(end, n))) {
                return true;
            }
            pos = end;
        }
        return false;
    }

    private static final byte[] RESULTS_NAME = "authentication-results".getBytes(StandardCharsets.US_ASCII);

    /** True if the field's name, stripped as MailMessage strips it, is Authentication-Results (any case). */
    private static boolean isResultsField(byte[] b, int start, int end) {
        int i = start;
        while (i < end && isWhitespace(b[i])) {
            i++;
        }
        if (end - i < RESULTS_NAME.length) {
            return false;
        }
        for (int j = 0; j < RESULTS_NAME.length; j++) {
            int c = b[i + j];
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != RESULTS_NAME[j]) {
                return false;
            }
        }
        i += RESULTS_NAME.length;
        while (i < end && isWhitespace(b[i])) {
            i++;
        }
        return i < end && b[i] == ':';
    }

    /** What String.strip removes, for one ISO-8859-1 octet. */
    private static boolean isWhitespace(byte c) {
        return Character.isWhitespace((char) (c & 0xff));
    }

    /** Decodes this one field's value as {@link HeaderField#value()} does and compares its authserv-id. */
    private boolean isOurs(byte[] b, int start, int end) {
        String text = new String(b, start, end - start, StandardCharsets.ISO_8859_1);
        String value = text.substring(text.indexOf(':') + 1);
        if (value.endsWith("\r\n")) {
            value = value.substring(0, value.length() - 2);
        }
        return authservId(value.replace("\r\n", "").strip()).equals(authservId);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** True if the field's authserv-id (RFC 8601 §2.2, after CFWS) equals ours, ignoring case. */
    public boolean isOurs(HeaderField field) {
        return authservId(field.value()).equals(authservId);
    }

    static String authservId(String value) {
        String v = stripComments(value).strip();
        int end = 0;
        while (end < v.length() && v.charAt(end) != ';' && !Character.isWhitespace(v.charAt(end))) {
            end++;
        }
        String id = v.substring(0, end);
        if (id.startsWith("\"") && id.endsWith("\"") && id.length() >= 2) {
            id = id.substring(1, id.length() - 1);
        }
        return id.toLowerCase(Locale.ROOT);
    }

    private static String stripComments(String v) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && depth > 0) {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
