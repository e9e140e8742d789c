package dev.facteur.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.pop3.proto.DotStuffingOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WireSizesTest {

    private static long count(String s) throws IOException {
        return WireSizes.count(new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void crlfStoredMessagesKeepTheirSize() throws IOException {
        assertThat(count("a\r\nb\r\n")).isEqualTo(6);
        assertThat(count("")).isZero();
    }

    @Test
    void bareLineFeedsCountAsCrlf() throws IOException {
        assertThat(count("Subject: x\n\nbody\n")).isEqualTo("Subject: x\r\n\r\nbody\r\n".length());
    }

    @Test
    void aLastLineWithoutItsEndingGetsCrlfAndALoneCrStays() throws IOException {
        assertThat(count("a\r\nlast")).isEqualTo("a\r\nlast\r\n".length());
        assertThat(count("a\rb\n")).isEqualTo("a\rb\r\n".length());
        assertThat(count("a\r")).isEqualTo("a\r\n".length());
    }

    @Test
    void theCountIsWhatDotStuffingSendsLessTheTerminator() throws IOException {
        Random random = new Random(42);
        byte[] alphabet = {'a', 'b', '\r', '\n'};
        for (int round = 0; round < 2000; round++) {
            byte[] message = new byte[random.nextInt(200)];
            for (int i = 0; i < message.length; i++) {
                message[i] = alphabet[random.nextInt(alphabet.length)];
            }
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            DotStuffingOutputStream out = new DotStuffingOutputStream(wire);
            out.write(message);
            out.finish();
            assertThat(WireSizes.count(new ByteArrayInputStream(message)))
                    .as("size of %s", new String(message, StandardCharsets.US_ASCII).replace("\r", "\\r").replace("\n", "\\n"))
                    .isEqualTo(wire.size() - 3);
        }
    }
}
