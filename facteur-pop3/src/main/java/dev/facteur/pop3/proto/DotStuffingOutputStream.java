package dev.facteur.pop3.proto;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a multi-line response body the way RFC 1939 §3 requires: each line ends with CRLF
 * (a bare LF becomes CRLF), a line that starts with {@code .} gets one more {@code .}, and
 * {@link #finish()} ends the last line if needed and adds the terminating {@code .CRLF}.
 *
 * <p>Optionally keeps only the headers, the blank line after them and the first
 * {@code bodyLines} lines of the body (RFC 1939 §7 TOP); the rest is read and dropped.
 *
 * <p>Output is collected in a large buffer and handed to the underlying stream in big chunks;
 * this stream never flushes the underlying stream (the caller flushes once per reply).
 */
public final class DotStuffingOutputStream extends OutputStream {
    private static final int CHUNK = 64 * 1024;

    private final OutputStream out;
    private final byte[] buf;
    private final long bodyLineLimit;
    private int n;
    private boolean lineStart = true;
    private boolean pendingCr;
    private boolean inHeaders = true;
    private boolean lineEmpty = true;
    private long bodyLines;
    private boolean dropping;
    private boolean finished;

    /** A stream that passes every line (RETR). */
    public DotStuffingOutputStream(OutputStream out) {
        this(out, -1);
    }

    /** @param bodyLineLimit body lines to keep after the headers (TOP); negative keeps all */
    public DotStuffingOutputStream(OutputStream out, long bodyLineLimit) {
        this(out, bodyLineLimit, new byte[CHUNK]);
    }

    /**
     * @param buffer where output is collected before it goes to {@code out}; a writer reuses one
     *               buffer for every message instead of allocating per reply
     */
    public DotStuffingOutputStream(OutputStream out, long bodyLineLimit, byte[] buffer) {
        if (buffer.length < 16) {
            throw new IllegalArgumentException("buffer too small");
        }
        this.out = out;
        this.bodyLineLimit = bodyLineLimit;
        this.buf = buffer;
    }

    @Override
    public void write(int b) throws IOException {
        accept((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int i = off;
        int end = off + len;
        while (i < end && !dropping) {
            if (!lineStart && !pendingCr) {
                // Inside a line nothing needs stuffing: copy the run up to the next CR or LF at once.
                int j = i;
                while (j < end && b[j] != '\r' && b[j] != '\n') {
                    j++;
                }
                if (j > i) {
                    putAll(b, i, j - i);
                    i = j;
                    continue;
                }
            }
            accept(b[i++]);
        }
    }

    private void accept(byte b) throws IOException {
        if (dropping) {
            return;
        }
        if (b == '\n') {
            put((byte) '\r'); // a CR before it was held back (pendingCr); a bare LF gains one
            put((byte) '\n');
            pendingCr = false;
            endOfLine();
            return;
        }
        if (pendingCr) {
            emitData((byte) '\r'); // a CR not followed by LF is data, kept as it is
            pendingCr = false;
        }
        if (b == '\r') {
            pendingCr = true;
            return;
        }
        emitData(b);
    }

    private void emitData(byte b) throws IOException {
        if (lineStart && b == '.') {
            put((byte) '.'); // RFC 1939 §3: byte-stuff a line that begins with the termination octet
        }
        lineStart = false;
        lineEmpty = false;
        put(b);
    }

    private void endOfLine() {
        if (inHeaders) {
            if (lineEmpty) {
                inHeaders = false; // RFC 5322 §2.1: the first empty line ends the header section
                dropping = bodyLineLimit == 0;
            }
        } else if (bodyLineLimit >= 0 && ++bodyLines >= bodyLineLimit) {
            dropping = true;
        }
        lineStart = true;
        lineEmpty = true;
    }

    private void putAll(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (n == buf.length) {
                out.write(buf, 0, n);
                n = 0;
            }
            int k = Math.min(len, buf.length - n);
            System.arraycopy(b, off, buf, n, k);
            n += k;
            off += k;
            len -= k;
        }
    }

    private void put(byte b) throws IOException {
        if (n == buf.length) {
            out.write(buf, 0, n);
            n = 0;
        }
        buf[n++] = b;
    }

    /**
     * Ends the body: completes a last line that lacked its CRLF, writes {@code .CRLF} and hands
     * everything buffered to the underlying stream (without flushing it).
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (!dropping && (pendingCr || !lineStart)) {
            put((byte) '\r');
            put((byte) '\n');
        }
        put((byte) '.');
        put((byte) '\r');
        put((byte) '\n');
        out.write(buf, 0, n);
        n = 0;
    }

    /** Finishes the body; does not close the underlying stream. */
    @Override
    public void close() throws IOException {
        finish();
    }
}
