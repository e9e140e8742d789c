package dev.facteur.core.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.apache.james.mime4j.util.CharsetUtil;

/**
 * Decoded content of a message's parts: transfer decoding (RFC 2045 §6; BINARY, RFC 3516) and
 * text in its charset (RFC 2046 §4.1.2) for SEARCH BODY and TEXT (RFC 9051 §6.4.4).
 */
public final class MessageText {

    private MessageText() {}

    /**
     * Removes the Content-Transfer-Encoding of a part's body. Empty when the encoding is
     * unknown (RFC 3516 §4.1: the server answers NO [UNKNOWN-CTE]).
     */
    public static Optional<byte[]> decodeTransfer(byte[] raw, BodyPart part) {
        int from = (int) part.bodyStart();
        int len = (int) part.bodySize();
        String enc = part.info().encoding();
        try {
            return switch (enc) {
                case "7bit", "8bit", "binary" -> Optional.of(java.util.Arrays.copyOfRange(raw, from, from + len));
                case "base64" -> Optional.of(readAll(new Base64InputStream(new ByteArrayInputStream(raw, from, len), DecodeMonitor.SILENT)));
                case "quoted-printable" -> Optional.of(readAll(new QuotedPrintableInputStream(new ByteArrayInputStream(raw, from, len), DecodeMonitor.SILENT)));
                default -> Optional.empty();
            };
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The decoded text of every text part (and nested messages' headers and text), for SEARCH. */
    public static String searchableBody(byte[] raw, BodyPart root, int maxChars) {
        StringBuilder out = new StringBuilder();
        collect(raw, root, out, maxChars);
        return out.toString();
    }

    /** The decoded header values of the message, one per line, for SEARCH TEXT. */
    public static String searchableHeader(byte[] raw, BodyPart part) {
        StringBuilder out = new StringBuilder();
        for (HeaderField f : HeaderField.parse(raw, part.headerStart(), part.bodyStart())) {
            out.append(f.name()).append(": ").append(f.decodedValue()).append('\n');
        }
        return out.toString();
    }

    private static void collect(byte[] raw, BodyPart part, StringBuilder out, int maxChars) {
        if (out.length() >= maxChars) {
            return;
        }
        switch (part) {
            case BodyPart.Multi m -> {
                List<BodyPart> parts = m.parts();
                for (BodyPart p : parts) {
                    collect(raw, p, out, maxChars);
                }
            }
            case BodyPart.Message m -> {
                out.append(searchableHeader(raw, m.body()));
                collect(raw, m.body(), out, maxChars);
            }
            case BodyPart.Single s -> {
                if (s.info().type().equals("text")) {
                    decodeTransfer(raw, s).ifPresent(bytes -> {
                        String text = new String(bytes, charset(s.info().charset()));
                        out.append(text, 0, Math.min(text.length(), maxChars - out.length())).append('\n');
                    });
                }
            }
        }
    }

    /** The charset named, or UTF-8 when absent or unknown (RFC 6532 friendly default). */
    public static Charset charset(@org.jspecify.annotations.Nullable String name) {
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("us-ascii") || n.equals("ascii")) {
            return StandardCharsets.UTF_8; // a superset; 8-bit octets mislabelled as ASCII are usually UTF-8
        }
        Charset c = CharsetUtil.lookup(n);
        return c == null ? StandardCharsets.UTF_8 : c;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
