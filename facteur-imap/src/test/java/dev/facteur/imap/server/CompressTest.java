package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 4978 COMPRESS=DEFLATE, driven by a raw socket that deflates and inflates with java.util.zip. */
class CompressTest extends ImapServerTest {

    @BeforeEach
    void seed() throws Exception {
        TranscriptTest.seed(server);
    }

    @Test
    void afterCompressBothDirectionsAreRawDeflateWithEachReplyFlushed() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            PlainSide plain = new PlainSide(s.getInputStream(), s.getOutputStream());
            plain.line();
            plain.send("a LOGIN alice@example.com secret\r\n");
            assertThat(plain.untilTag("a")).contains("COMPRESS=DEFLATE");
            plain.send("b COMPRESS DEFLATE\r\n");
            assertThat(plain.line()).isEqualTo("b OK DEFLATE active");

            DeflateSide z = new DeflateSide(s.getInputStream(), s.getOutputStream());
            z.send("c SELECT INBOX\r\n");
            assertThat(z.untilTag("c")).contains("* 3 EXISTS").contains("c OK [READ-WRITE]");
            // Pipelined commands in one compressed flush; a literal inside the stream.
            z.send("d NOOP\r\ne APPEND INBOX {22+}\r\nSubject: x\r\n\r\nhello!\r\n\r\nf FETCH 4 BODY.PEEK[TEXT]\r\n");
            String replies = z.untilTag("f");
            assertThat(replies).contains("d OK").contains("e OK [APPENDUID").contains("BODY[TEXT] {8}\r\nhello!\r\n")
                    .contains("f OK");
            z.send("g COMPRESS DEFLATE\r\n");
            assertThat(z.untilTag("g")).contains("g NO [COMPRESSIONACTIVE]");
            z.send("h LOGOUT\r\n");
            assertThat(z.untilTag("h")).contains("* BYE");
        }
    }

    @Test
    void unknownMechanismIsRefusedAndTheSessionStaysUncompressed() throws Exception {
        try (ImapTestClient c = server.login("alice")) {
            c.command("COMPRESS LZ4").expectBad();
            c.command("NOOP").expectOk();
        }
    }

    @Test
    void compressBeforeLoginIsNotAllowed() throws Exception {
        try (ImapTestClient c = server.connect()) {
            c.readLine();
            c.command("COMPRESS DEFLATE").expectBad();
        }
    }

    /** Reads plain lines one octet at a time, so nothing compressed is consumed by mistake. */
    private record PlainSide(InputStream in, OutputStream out) {
        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                b.write(c);
            }
            return b.toString(StandardCharsets.US_ASCII).stripTrailing();
        }

        String untilTag(String tag) throws IOException {
            List<String> lines = new ArrayList<>();
            String l;
            do {
                l = line();
                lines.add(l);
            } while (!l.startsWith(tag + " "));
            return String.join("\r\n", lines);
        }
    }

    /** The client's compressed side: raw deflate with a sync flush per send, inflating what arrives. */
    private static final class DeflateSide {
        private final InputStream in;
        private final OutputStream out;
        private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        private final Inflater inflater = new Inflater(true);
        private final StringBuilder received = new StringBuilder();

        DeflateSide(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        void send(String text) throws IOException {
            deflater.setInput(text.getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[4096];
            int n;
            while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
                out.write(buf, 0, n);
            }
            out.flush();
        }

        /** Inflated text up to and including the line tagged {@code tag}. */
        String untilTag(String tag) throws IOException, DataFormatException {
            byte[] raw = new byte[4096];
            byte[] plain = new byte[16384];
            while (true) {
                int at = received.indexOf("\r\n" + tag + " ");
                int start = received.toString().startsWith(tag + " ") ? 0 : at;
                if (start >= 0) {
                    int end = received.indexOf("\r\n", start + 2);
                    if (end >= 0) {
                        String out = received.substring(0, end + 2);
                        received.delete(0, end + 2);
                        return out;
                    }
                }
                int r = in.read(raw);
                if (r < 0) {
                    throw new IOException("closed; received " + received);
                }
                inflater.setInput(raw, 0, r);
                int n;
                while ((n = inflater.inflate(plain)) > 0) {
                    received.append(new String(plain, 0, n, StandardCharsets.US_ASCII));
                }
            }
        }
    }
}
