package dev.facteur.smtp.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.facteur.core.net.LineReader;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz targets for the SMTP wire format: the command parser, the DATA dot-stream and
 * BDAT chunks. Under plain {@code mvn test} they run in regression mode: each seed in
 * {@code SmtpFuzzTestInputs/<method>/} (taken from the transcripts under
 * {@code transcripts/}) plus an empty input, once, deterministic and fast. Set
 * {@code JAZZER_FUZZ=1} to fuzz for real and add findings as new seeds.
 */
class SmtpFuzzTest {
    private static final int MAX_MESSAGE = 64 * 1024;

    /** The parser returns a command or throws its syntax exception, with a reply; nothing else escapes. */
    @FuzzTest(maxDuration = "30s")
    void commandLine(byte[] input) {
        String line = new String(input, StandardCharsets.UTF_8);
        try {
            SmtpCommand command = SmtpCommandParser.parse(line);
            assertThat(command).isNotNull();
        } catch (SmtpSyntaxException e) {
            assertThat(e.reply().code()).isBetween(500, 555);
        }
        assertThat(SmtpCommandParser.lineLimit(line)).isPositive();
    }

    /**
     * Whatever the stream, the reader stops at the first proper CRLF.CRLF or at the end of input,
     * keeps at most the limit, and a message it passes as OK has only CRLF line endings and no
     * end-of-data line inside (no smuggling).
     */
    @FuzzTest(maxDuration = "30s")
    void dataStream(byte[] input) throws IOException {
        LineReader in = new LineReader(new ByteArrayInputStream(input), 1024);
        try (MessageBuffer out = new MessageBuffer(MAX_MESSAGE)) {
            MessageCheck check;
            try {
                check = DotStreamReader.read(in, out);
            } catch (EOFException e) {
                return; // the client went away before the end of data
            }
            byte[] message = out.toByteArray();
            assertThat(message.length).isLessThanOrEqualTo(MAX_MESSAGE);
            if (check == MessageCheck.OK) {
                assertThat(MessageCheck.scan(message, message.length)).isEqualTo(MessageCheck.OK);
                assertThat(contains(message, "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII))).isFalse();
            }
        }
    }

    /**
     * BDAT: the first octet sets the chunk size (1-256), the rest arrives in chunks of that size;
     * the buffer keeps at most the limit and the whole-message check never throws.
     */
    @FuzzTest(maxDuration = "30s")
    void bdatChunks(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        int chunk = (input[0] & 0xff) + 1;
        LineReader in = new LineReader(new ByteArrayInputStream(input, 1, input.length - 1), 256);
        try (MessageBuffer out = new MessageBuffer(1024)) {
            int left = input.length - 1;
            while (left > 0) {
                int n = Math.min(chunk, left);
                in.copy(n, out);
                left -= n;
            }
            byte[] message = out.toByteArray();
            assertThat(out.received()).isEqualTo(input.length - 1);
            assertThat(message.length).isLessThanOrEqualTo(1024);
            assertThat(out.overflowed()).isEqualTo(input.length - 1 > 1024);
            MessageCheck.scan(message, message.length);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
