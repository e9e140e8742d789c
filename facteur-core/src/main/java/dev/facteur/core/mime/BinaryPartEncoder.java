package dev.facteur.core.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Re-encodes the parts of a message whose Content-Transfer-Encoding is "binary" (RFC 2045 §6.2)
 * as base64, for a message that arrived in a literal8 (RFC 3516 §4.4 APPEND): binary octets,
 * NUL included, cannot be sent in an ordinary literal (RFC 9051 §4.3 CHAR8 excludes NUL), so
 * BODY[] serves the base64 form while BINARY[] still decodes to the original octets. Dovecot
 * converts such messages the same way when they are appended.
 */
public final class BinaryPartEncoder {

    private static final byte[] CRLF = {'\r', '\n'};

    private BinaryPartEncoder() {}

    /** The message with its binary parts in base64; the same array when it has none. */
    public static byte[] encode(byte[] raw) {
        List<BodyPart.Single> binary = new ArrayList<>();
        collect(MessageSummaries.derive(raw).body(), binary);
        if (binary.isEmpty()) {
            return raw;
        }
        binary.sort(Comparator.comparingLong(BodyPart::headerStart));
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4 / 3 + 256);
        int at = 0;
        for (BodyPart.Single part : binary) {
            int headerStart = (int) part.headerStart();
            int bodyStart = (int) part.bodyStart();
            int bodyEnd = (int) part.bodyEnd();
            out.write(raw, at, headerStart - at);
            out.writeBytes(rewriteHeader(raw, headerStart, bodyStart));
            // RFC 2045 §6.8: lines of at most 76 characters
            out.writeBytes(Base64.getMimeEncoder(76, CRLF).encode(java.util.Arrays.copyOfRange(raw, bodyStart, bodyEnd)));
            if (bodyEnd == raw.length) {
                out.writeBytes(CRLF); // the last part of the message: end its last line
            }
            at = bodyEnd;
        }
        out.write(raw, at, raw.length - at);
        return out.toByteArray();
    }

    private static void collect(BodyPart part, List<BodyPart.Single> into) {
        switch (part) {
            case BodyPart.Single s -> {
                if (s.info().encoding().equals("binary")) {
                    into.add(s);
                }
            }
            case BodyPart.Multi m -> m.parts().forEach(p -> collect(p, into));
            case BodyPart.Message m -> collect(m.body(), into);
        }
    }

    /** The part's header with its Content-Transfer-Encoding field (folded lines included) set to base64. */
    private static byte[] rewriteHeader(byte[] raw, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from + 8);
        int line = from;
        boolean skipping = false;
        while (line < to) {
            int end = line;
            while (end < to && raw[end] != '\n') {
                end++;
            }
            end = Math.min(end + 1, to);
            boolean continuation = raw[line] == ' ' || raw[line] == '\t'; // RFC 5322 §2.2.3 folding
            if (!continuation) {
                skipping = isField(raw, line, end, "Content-Transfer-Encoding");
                if (skipping) {
                    out.writeBytes("Content-Transfer-Encoding: base64\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (!skipping) {
                out.write(raw, line, end - line);
            }
            line = end;
        }
        return out.toByteArray();
    }

    /** True when the header line starts the named field (RFC 5322 §3.6.8; obsolete space before the colon allowed). */
    private static boolean isField(byte[] raw, int from, int to, String name) {
        for (int i = from; i < to; i++) {
            if (raw[i] == ':') {
                return new String(raw, from, i - from, StandardCharsets.ISO_8859_1).strip().equalsIgnoreCase(name);
            }
        }
        return false;
    }
}
