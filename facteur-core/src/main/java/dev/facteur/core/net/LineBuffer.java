package dev.facteur.core.net;

import java.util.Arrays;

/**
 * A reusable line for {@link LineReader#readLine(int, LineBuffer)}: the octets of the last line
 * read (without its terminator, at most the reader's limit), how it ended and whether it was too
 * long. It grows up to the largest limit it was read with and is never shrunk; one per session.
 */
public final class LineBuffer {
    private byte[] content;
    private int length;
    private Line.Ending ending = Line.Ending.CRLF;
    private boolean tooLong;

    public LineBuffer(int initialCapacity) {
        this.content = new byte[Math.max(16, initialCapacity)];
    }

    /** Copies {@code len} octets of {@code src} to position {@code at}, growing up to {@code max}. */
    void append(byte[] src, int off, int len, int at, int max) {
        if (at + len > content.length) {
            content = Arrays.copyOf(content, Math.min(Math.max(max, at + len),
                    Math.max(content.length * 2, at + len)));
        }
        System.arraycopy(src, off, content, at, len);
    }

    void set(int length, Line.Ending ending, boolean tooLong) {
        this.length = length;
        this.ending = ending;
        this.tooLong = tooLong;
    }

    /** The backing array; only the first {@link #length()} octets are the line. */
    public byte[] array() {
        return content;
    }

    public int length() {
        return length;
    }

    public Line.Ending ending() {
        return ending;
    }

    public boolean tooLong() {
        return tooLong;
    }

    /** True if the line holds a CR that is not part of its CRLF terminator. */
    public boolean hasBareCr() {
        return contains((byte) '\r');
    }

    /** True if the line holds a NUL octet. */
    public boolean hasNul() {
        return contains((byte) 0);
    }

    private boolean contains(byte b) {
        for (int i = 0; i < length; i++) {
            if (content[i] == b) {
                return true;
            }
        }
        return false;
    }

    /** A copy as an immutable-by-convention {@link Line}. */
    public Line toLine() {
        return new Line(Arrays.copyOf(content, length), ending, tooLong);
    }
}
