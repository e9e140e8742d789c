package dev.facteur.auth.message;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A message split into header fields and body over its original octets. The body is the octets
 * after the empty line that ends the header section (RFC 5322 §2.1); a message without that line
 * has an empty body.
 */
public final class MailMessage {

    /** Bound on header fields considered, so a hostile message cannot cost unbounded work. */
    public static final int MAX_HEADER_FIELDS = 1000;

    private final byte[] bytes;
    private final List<HeaderField> headers;
    private final int bodyOffset;

    private MailMessage(byte[] bytes, List<HeaderField> headers, int bodyOffset) {
        this.bytes = bytes;
        this.headers = List.copyOf(headers);
        this.bodyOffset = bodyOffset;
    }

    /** Parses raw octets; bare LF is read as CRLF. Never throws on malformed input. */
    public static MailMessage parse(byte[] raw) {
        byte[] b = toCrlf(raw);
        List<HeaderField> headers = new ArrayList<>();
        int pos = 0;
        int n = b.length;
        while (pos < n) {
            if (pos + 1 < n && b[pos] == '\r' && b[pos + 1] == '\n') {
                return new MailMessage(b, headers, pos + 2);
            }
            int end = fieldEnd(b, pos);
            int colon = -1;
            for (int i = pos; i < end; i++) {
                if (b[i] == ':') {
                    colon = i;
                    break;
                }
                if (b[i] == '\r') {
                    break;
                }
            }
            if (colon > pos && headers.size() < MAX_HEADER_FIELDS) {
                String name = new String(b, pos, colon - pos, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
                if (!name.isEmpty()) {
                    headers.add(new HeaderField(name, java.util.Arrays.copyOfRange(b, pos, end)));
                }
            }
            pos = end;
        }
        return new MailMessage(b, headers, n);
    }

    /** End (exclusive) of the field starting at pos: after its last CRLF not followed by WSP. */
    private static int fieldEnd(byte[] b, int pos) {
        int i = pos;
        int n = b.length;
        while (i < n) {
            if (b[i] == '\r' && i + 1 < n && b[i + 1] == '\n') {
                if (i + 2 < n && (b[i + 2] == ' ' || b[i + 2] == '\t')) {
                    i += 2;
                    continue;
                }
                return i + 2;
            }
            i++;
        }
        return n;
    }

    private static byte[] toCrlf(byte[] raw) {
        boolean bare = false;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
                bare = true;
                break;
            }
        }
        if (!bare) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + raw.length / 20);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(raw[i]);
        }
        return out.toByteArray();
    }

    public List<HeaderField> headers() {
        return headers;
    }

    /** Fields with the given name, top to bottom. */
    public List<HeaderField> headers(String name) {
        return headers.stream().filter(h -> h.is(name)).toList();
    }

    public Optional<HeaderField> first(String name) {
        return headers.stream().filter(h -> h.is(name)).findFirst();
    }

    /** The message octets (CRLF form); callers must not modify. */
    public byte[] bytes() {
        return bytes;
    }

    public int bodyOffset() {
        return bodyOffset;
    }

    public int bodyLength() {
        return bytes.length - bodyOffset;
    }

    /** A copy of the body octets. */
    public byte[] body() {
        return java.util.Arrays.copyOfRange(bytes, bodyOffset, bytes.length);
    }
}
