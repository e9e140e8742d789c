package dev.facteur.core.net;

import java.io.EOFException;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * A buffered reader of CRLF-terminated lines and raw octet runs, with hard length limits.
 * Memory is bounded by the buffer size plus the caller's limit, whatever the peer sends.
 *
 * <p>Before it blocks on the network it flushes the paired output ({@code beforeBlock}), so the
 * replies to a pipelined batch of commands leave in a single write (RFC 2920 §3.1) and a reply
 * is never left waiting in a buffer while the server waits for the client.
 */
public final class LineReader {
    private static final Flushable NOTHING = () -> { };

    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int limit;
    private Flushable beforeBlock = NOTHING;
    /** True when the last read filled the buffer (or none was made): the peer may have sent more. */
    private boolean lastReadFull = true;

    public LineReader(InputStream in, int bufferSize) {
        if (bufferSize < 64) {
            throw new IllegalArgumentException("buffer too small");
        }
        this.in = in;
        this.buf = new byte[bufferSize];
    }

    /** Sets what to flush before a blocking read (the connection's output). */
    public void flushBeforeBlocking(Flushable output) {
        this.beforeBlock = output;
    }

    /**
     * Reads one line ending in LF. {@code maxOctets} counts the terminator (RFC 5321 §4.5.3.1:
     * limits include CRLF). A longer line is consumed to its end and returned with
     * {@code tooLong} set and its first octets only.
     *
     * @throws EOFException if the stream ends before a line terminator
     */
    public Line readLine(int maxOctets) throws IOException {
        LineBuffer line = new LineBuffer(Math.min(maxOctets, 256));
        readLine(maxOctets, line);
        return line.toLine();
    }

    /**
     * As {@link #readLine(int)}, into a buffer the caller reuses from line to line: a message
     * body is read without allocating per line.
     *
     * @throws EOFException if the stream ends before a line terminator
     */
    public void readLine(int maxOctets, LineBuffer into) throws IOException {
        int n = 0;
        long total = 0;
        byte prev = 0;
        while (true) {
            if (pos == limit && !fill()) {
                throw new EOFException("end of stream in line");
            }
            int start = pos;
            int lf = indexOfLf(start, limit);
            int end = lf < 0 ? limit : lf;
            int chunk = end - start;
            if (chunk > 0) {
                prev = buf[end - 1];
                total += chunk;
            }
            // Keep at most maxOctets octets; anything beyond is read and dropped.
            int keep = Math.max(0, Math.min(chunk, maxOctets - n));
            if (keep > 0) {
                into.append(buf, start, keep, n, maxOctets);
                n += keep;
            }
            pos = lf < 0 ? limit : lf + 1;
            if (lf >= 0) {
                break;
            }
        }
        Line.Ending ending = prev == '\r' ? Line.Ending.CRLF : Line.Ending.BARE_LF;
        long contentLength = ending == Line.Ending.CRLF ? total - 1 : total;
        // RFC 5321 §4.5.3.1: the limits count the terminator, so content + CRLF must fit.
        boolean tooLong = contentLength + 2 > maxOctets;
        into.set((int) Math.min(n, contentLength), ending, tooLong);
    }

    private int indexOfLf(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Copies exactly {@code count} octets to {@code sink} (BDAT chunks, literals). */
    public void copy(long count, OutputStream sink) throws IOException {
        long left = count;
        while (left > 0) {
            if (pos == limit && !fill()) {
                throw new EOFException("end of stream in data");
            }
            int n = (int) Math.min(left, limit - pos);
            sink.write(buf, pos, n);
            pos += n;
            left -= n;
        }
    }

    /** Reads and drops exactly {@code count} octets. */
    public void skip(long count) throws IOException {
        copy(count, OutputStream.nullOutputStream());
    }

    /** Octets already received and not yet consumed. */
    public int buffered() {
        return limit - pos;
    }

    /** True if a whole line is already buffered (reading it will not block). */
    public boolean hasBufferedLine() {
        for (int i = pos; i < limit; i++) {
            if (buf[i] == '\n') {
                return true;
            }
        }
        return false;
    }

    /** Drops everything buffered; returns how many octets were dropped (RFC 3207 §4.2). */
    public int discardBuffered() {
        int n = limit - pos;
        pos = limit;
        return n;
    }

    /** Octets buffered, removed from this reader (to hand over to a TLS engine as already read). */
    public byte[] takeBuffered() {
        byte[] b = Arrays.copyOfRange(buf, pos, limit);
        pos = limit;
        return b;
    }

    /**
     * True if input arrives before the socket's read timeout; false on timeout. Used to catch
     * clients that talk before the greeting.
     */
    public boolean awaitInput() throws IOException {
        if (pos < limit) {
            return true;
        }
        try {
            return fill();
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** True if input is buffered here or readable from the stream without blocking. */
    public boolean inputReady() throws IOException {
        return pos < limit || in.available() > 0;
    }

    private boolean fill() throws IOException {
        // A read that returned less than it could took all the peer had sent: flush without
        // asking the socket (one syscall fewer per command); after a full read, more may wait.
        if (!lastReadFull || in.available() <= 0) {
            beforeBlock.flush();
        }
        if (pos == limit) {
            pos = 0;
            limit = 0;
        }
        int space = buf.length - limit;
        int r = in.read(buf, limit, space);
        if (r < 0) {
            return false;
        }
        lastReadFull = r == space;
        limit += r;
        return true;
    }
}
