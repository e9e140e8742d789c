package dev.facteur.auth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The relaxed header canonicalisation, and the word-at-a-time relaxed body canonicalisation, against a line-by-line reading of RFC 6376
 * §3.4.4, over random bodies made of what matters (SP, TAB, CRLF) and text.
 */
class RelaxedCanonicalizationTest {

    /** Line ends come as CRLF pairs: bare CR or LF is not a line end in RFC 6376 and has no canonical form to compare with. */
    private static final String[] TOKENS = {" ", " ", " ", "\t", "\r\n", "\r\n", "a", "b", "c", "d"};

    @Test
    void randomBodiesCanonicaliseAsTheLineByLineRuleSays() {
        Random random = new Random(6376);
        for (int n = 0; n < 5_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(80); i > 0; i--) {
                sb.append(TOKENS[random.nextInt(TOKENS.length)]);
            }
            byte[] body = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            assertThat(text(Canonicalization.RELAXED.body(body))).as("body %s", escaped(body)).isEqualTo(text(reference(body)));
        }
    }

    @Test
    void crlfLinesWithSpacingAtEveryOffsetCanonicaliseAsTheLineByLineRuleSays() {
        StringBuilder sb = new StringBuilder();
        for (int line = 0; line < 64; line++) {
            sb.append("x".repeat(line % 11)).append(" y").append(line % 3 == 0 ? "  z" : "\tz").append(" ".repeat(line % 4))
                    .append("\r\n");
        }
        sb.append("\r\n \t\r\n");
        byte[] body = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        assertThat(text(Canonicalization.RELAXED.body(body))).isEqualTo(text(reference(body)));
    }

    @Test
    void randomHeaderFieldsCanonicaliseAsRfc6376Section342Says() {
        Random random = new Random(6376_342);
        String[] tokens = {" ", "\t", "\r\n ", "\r\n\t", "A", "b", "Z", ";", "=", ":"};
        for (int n = 0; n < 5_000; n++) {
            StringBuilder sb = new StringBuilder(random.nextBoolean() ? "Sub-Ject" : " X-Tag ").append(':');
            for (int i = random.nextInt(30); i > 0; i--) {
                sb.append(tokens[random.nextInt(tokens.length)]);
            }
            byte[] raw = sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
            assertThat(text(Canonicalization.RELAXED.header(raw))).as("field %s", escaped(raw))
                    .isEqualTo(referenceHeader(text(raw)));
        }
    }

    /** RFC 6376 §3.4.2 read literally: lower-case name, unfold, runs of WSP to one SP, trim value and around the colon. */
    private static String referenceHeader(String field) {
        int colon = field.indexOf(':');
        String name = field.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
        String value = field.substring(colon + 1).replace("\r\n", "").replaceAll("[ \t]+", " ").strip();
        return name + ":" + value + "\r\n";
    }

    /** RFC 6376 §3.4.4 read literally: per CRLF-terminated line, drop end WSP, collapse runs; then drop trailing empty lines. */
    private static byte[] reference(byte[] body) {
        String s = new String(body, StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < s.length()) {
            int crlf = s.indexOf("\r\n", pos);
            String line = crlf < 0 ? s.substring(pos) : s.substring(pos, crlf);
            line = line.replaceAll("[ \t]+$", "").replaceAll("[ \t]+", " ");
            out.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
            if (crlf < 0) {
                out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1)); // a body not ending in CRLF gets one
                break;
            }
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            pos = crlf + 2;
        }
        String c = out.toString(StandardCharsets.ISO_8859_1);
        while (c.endsWith("\r\n\r\n")) {
            c = c.substring(0, c.length() - 2);
        }
        return c.equals("\r\n") ? new byte[0] : c.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String escaped(byte[] b) {
        return text(b).replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }
}
