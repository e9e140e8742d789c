package dev.facteur.auth.results;

import dev.facteur.auth.message.HeaderField;
import dev.facteur.auth.message.MailMessage;
import java.io.ByteArrayOutputStream;
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
