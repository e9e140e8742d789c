package dev.facteur.imap.proto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Mailbox names on the wire: modified UTF-7 for IMAP4rev1 clients (RFC 3501 §5.1.3), UTF-8
 * once IMAP4rev2 or UTF8=ACCEPT is enabled (RFC 9051 §5.1, RFC 6855 §3).
 */
public final class MailboxNames {

    private static final Base64.Encoder ENC = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getDecoder();

    private MailboxNames() {}

    /** Decodes a modified UTF-7 name; empty if it is not valid modified UTF-7. */
    public static Optional<String> decodeUtf7(String name) {
        StringBuilder out = new StringBuilder(name.length());
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c > 0x7E || c < 0x20) {
                return Optional.empty(); // RFC 3501 §5.1.3: only printable US-ASCII
            }
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int end = name.indexOf('-', i + 1);
            if (end < 0) {
                return Optional.empty();
            }
            if (end == i + 1) {
                out.append('&'); // "&-" is "&"
            } else {
                String b64 = name.substring(i + 1, end).replace(',', '/');
                byte[] utf16;
                try {
                    utf16 = DEC.decode(b64);
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
                if (utf16.length % 2 != 0) {
                    return Optional.empty();
                }
                out.append(StandardCharsets.UTF_16BE.decode(ByteBuffer.wrap(utf16)));
            }
            i = end + 1;
        }
        return Optional.of(out.toString());
    }

    /** Encodes a name in modified UTF-7. */
    public static String encodeUtf7(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c >= 0x20 && c <= 0x7E) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int start = i;
            while (i < name.length() && (name.charAt(i) < 0x20 || name.charAt(i) > 0x7E)) {
                i++;
            }
            byte[] utf16 = name.substring(start, i).getBytes(StandardCharsets.UTF_16BE);
            out.append('&').append(ENC.encodeToString(utf16).replace('/', ',')).append('-');
        }
        return out.toString();
    }
}
