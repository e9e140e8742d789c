package dev.facteur.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static LineReader reader(String s, int buffer) {
        return new LineReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)), buffer);
    }

    @Test
    void crlfLinesComeBackWithoutTheTerminator() throws IOException {
        LineReader r = reader("EHLO a\r\nQUIT\r\n", 64);
        Line a = r.readLine(512);
        assertThat(a.text()).isEqualTo("EHLO a");
        assertThat(a.ending()).isEqualTo(Line.Ending.CRLF);
        assertThat(r.readLine(512).is("QUIT")).isTrue();
    }

    @Test
    void bareLfIsReportedAndBareCrStaysInsideTheLine() throws IOException {
        LineReader r = reader("a\nb\rc\r\n", 64);
        assertThat(r.readLine(100).ending()).isEqualTo(Line.Ending.BARE_LF);
        Line second = r.readLine(100);
        assertThat(second.hasBareCr()).isTrue();
        assertThat(second.ending()).isEqualTo(Line.Ending.CRLF);
    }

    @Test
    void aLineLongerThanTheLimitIsConsumedAndFlagged() throws IOException {
        String longLine = "x".repeat(5000);
        LineReader r = reader(longLine + "\r\nNEXT\r\n", 64);
        Line l = r.readLine(512);
        assertThat(l.tooLong()).isTrue();
        assertThat(l.content().length).isLessThanOrEqualTo(512);
        assertThat(r.readLine(512).text()).isEqualTo("NEXT");
    }

    @Test
    void theLimitCountsTheCrlf() throws IOException {
        assertThat(reader("x".repeat(510) + "\r\n", 64).readLine(512).tooLong()).isFalse();
        assertThat(reader("x".repeat(511) + "\r\n", 64).readLine(512).tooLong()).isTrue();
    }

    @Test
    void crSplitFromLfAcrossReadsStillEndsTheLine() throws IOException {
        LineReader r = new LineReader(new java.io.SequenceInputStream(
                new ByteArrayInputStream("abc\r".getBytes(StandardCharsets.US_ASCII)),
                new ByteArrayInputStream("\nd\r\n".getBytes(StandardCharsets.US_ASCII))), 64);
        Line l = r.readLine(100);
        assertThat(l.text()).isEqualTo("abc");
        assertThat(l.ending()).isEqualTo(Line.Ending.CRLF);
    }

    @Test
    void endOfStreamInsideALineIsAnError() {
        assertThatThrownBy(() -> reader("no end", 64).readLine(100)).isInstanceOf(EOFException.class);
    }

    @Test
    void copyTakesExactlyTheCountAndLeavesTheRest() throws IOException {
        LineReader r = reader("0123456789QUIT\r\n", 64);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        r.copy(10, sink);
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("0123456789");
        assertThat(r.readLine(100).text()).isEqualTo("QUIT");
    }

    @Test
    void discardBufferedDropsWhatWasReadAhead() throws IOException {
        LineReader r = reader("STARTTLS\r\nMAIL FROM:<evil@x>\r\n", 64);
        r.readLine(100);
        assertThat(r.discardBuffered()).isEqualTo("MAIL FROM:<evil@x>\r\n".length());
        assertThat(r.buffered()).isZero();
    }

    @Test
    void theOutputIsFlushedBeforeTheReaderWaits() throws IOException {
        int[] flushes = {0};
        LineReader r = reader("A\r\nB\r\n", 64);
        r.flushBeforeBlocking(() -> flushes[0]++);
        r.readLine(100);
        r.readLine(100); // input was ready: nothing flushed yet
        assertThat(flushes[0]).isZero();
        assertThatThrownBy(() -> r.readLine(100)).isInstanceOf(EOFException.class);
        assertThat(flushes[0]).isEqualTo(1); // flushed before waiting for more

    }

    @Test
    void afterAShortReadTheOutputIsFlushedWithoutAskingTheSocket() throws IOException {
        int[] asked = {0};
        int[] flushes = {0};
        InputStream in = new ByteArrayInputStream("A\r\n".getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public synchronized int available() {
                asked[0]++;
                return super.available();
            }
        };
        LineReader r = new LineReader(in, 64);
        r.flushBeforeBlocking(() -> flushes[0]++);
        r.readLine(100); // the first read asks (3 octets ready: no flush), and is short
        assertThat(asked[0]).isEqualTo(1);
        assertThatThrownBy(() -> r.readLine(100)).isInstanceOf(EOFException.class);
        assertThat(asked[0]).isEqualTo(1); // the short read took everything: not asked again
        assertThat(flushes[0]).isEqualTo(1);
    }

    @Test
    void afterAFullReadTheReaderAsksBeforeFlushing() throws IOException {
        int[] flushes = {0};
        LineReader r = reader("A".repeat(62) + "\r\nB\r\n", 64);
        r.flushBeforeBlocking(() -> flushes[0]++);
        r.readLine(100); // the line spans two reads: the buffer was full, the rest was ready
        r.readLine(100);
        assertThat(flushes[0]).isZero(); // pipelined input was ready: replies stay together
    }
}
