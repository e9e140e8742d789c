package dev.facteur.pop3.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DotStuffingOutputStreamTest {

    private static String stuff(String body, long bodyLines) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(sink, bodyLines);
        out.write(body.getBytes(StandardCharsets.ISO_8859_1));
        out.finish();
        return sink.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void linesStartingWithADotGetAnotherDot() throws IOException {
        assertThat(stuff("a\r\n.\r\n..x\r\nb.c\r\n", -1)).isEqualTo("a\r\n..\r\n...x\r\nb.c\r\n.\r\n");
    }

    @Test
    void firstLineStartingWithADotIsStuffed() throws IOException {
        assertThat(stuff(".hidden\r\n", -1)).isEqualTo("..hidden\r\n.\r\n");
    }

    @Test
    void bareLfBecomesCrlf() throws IOException {
        assertThat(stuff("a\nb\r\n.\n", -1)).isEqualTo("a\r\nb\r\n..\r\n.\r\n");
    }

    @Test
    void bareCrIsDataAndDoesNotHideADot() throws IOException {
        assertThat(stuff("a\rb\r\n\r.x\r\n", -1)).isEqualTo("a\rb\r\n\r.x\r\n.\r\n");
    }

    @Test
    void missingFinalCrlfIsAdded() throws IOException {
        assertThat(stuff("no end", -1)).isEqualTo("no end\r\n.\r\n");
        assertThat(stuff("cr end\r", -1)).isEqualTo("cr end\r\n.\r\n"); // a final CR ends the line
        assertThat(stuff("", -1)).isEqualTo(".\r\n");
    }

    @Test
    void topKeepsHeadersBlankLineAndTheRequestedBodyLines() throws IOException {
        String msg = "Subject: x\r\nFrom: y\r\n\r\nline1\r\n.line2\r\nline3\r\n";
        assertThat(stuff(msg, 0)).isEqualTo("Subject: x\r\nFrom: y\r\n\r\n.\r\n");
        assertThat(stuff(msg, 2)).isEqualTo("Subject: x\r\nFrom: y\r\n\r\nline1\r\n..line2\r\n.\r\n");
        assertThat(stuff(msg, 99)).isEqualTo("Subject: x\r\nFrom: y\r\n\r\nline1\r\n..line2\r\nline3\r\n.\r\n");
    }

    @Test
    void topOfAMessageWithoutBodySendsTheHeaders() throws IOException {
        assertThat(stuff("Subject: x\r\n", 0)).isEqualTo("Subject: x\r\n.\r\n");
    }

    @Test
    void unstuffingGivesBackTheOriginalCrlfMessageWhateverTheChunking() throws IOException {
        Random random = new Random(42);
        byte[] alphabet = ".\r\na".getBytes(StandardCharsets.US_ASCII);
        for (int round = 0; round < 200; round++) {
            StringBuilder msg = new StringBuilder();
            int lines = random.nextInt(20);
            for (int i = 0; i < lines; i++) {
                int len = random.nextInt(6);
                for (int j = 0; j < len; j++) {
                    char c = (char) alphabet[random.nextInt(alphabet.length)];
                    msg.append(c == '\r' || c == '\n' ? '.' : c);
                }
                msg.append("\r\n");
            }
            byte[] original = msg.toString().getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            DotStuffingOutputStream out = new DotStuffingOutputStream(sink);
            int off = 0;
            while (off < original.length) {
                int n = Math.min(original.length - off, 1 + random.nextInt(7));
                out.write(original, off, n);
                off += n;
            }
            out.finish();
            assertThat(unstuff(sink.toString(StandardCharsets.US_ASCII))).isEqualTo(msg.toString());
        }
    }

    private static String unstuff(String wire) {
        assertThat(wire).endsWith(".\r\n");
        StringBuilder out = new StringBuilder();
        for (String line : wire.substring(0, wire.length() - 3).split("\r\n", -1)) {
            out.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
        }
        // split leaves one empty string after the last CRLF
        return out.substring(0, out.length() - 2);
    }

    @Test
    void bulkAndByteWritesGiveTheSameOutput() throws IOException {
        Random random = new Random(7);
        byte[] alphabet = ".\r\nab".getBytes(StandardCharsets.US_ASCII);
        for (int round = 0; round < 300; round++) {
            byte[] input = new byte[random.nextInt(200)];
            for (int i = 0; i < input.length; i++) {
                input[i] = alphabet[random.nextInt(alphabet.length)];
            }
            long top = random.nextInt(4) - 1;
            ByteArrayOutputStream bytewise = new ByteArrayOutputStream();
            DotStuffingOutputStream one = new DotStuffingOutputStream(bytewise, top);
            for (byte b : input) {
                one.write(b);
            }
            one.finish();
            ByteArrayOutputStream chunked = new ByteArrayOutputStream();
            DotStuffingOutputStream many = new DotStuffingOutputStream(chunked, top, new byte[16]);
            int off = 0;
            while (off < input.length) {
                int n = Math.min(input.length - off, 1 + random.nextInt(40));
                many.write(input, off, n);
                off += n;
            }
            many.finish();
            assertThat(chunked.toByteArray()).as("round %d", round).isEqualTo(bytewise.toByteArray());
        }
    }

    @Test
    void largeBodiesPassThroughInChunks() throws IOException {
        byte[] big = ("x".repeat(998) + "\r\n").repeat(200).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(sink);
        out.write(big);
        out.finish();
        assertThat(sink.size()).isEqualTo(big.length + 3);
    }
}
