package dev.facteur.smtp.proto;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The octets of one incoming message, capped at the size limit: beyond it, octets are counted
 * but not kept, so a hostile client costs at most {@code limit} octets of memory.
 */
public final class MessageBuffer extends OutputStream {
    private final long limit;
    private byte[] buf;
    private int count;
    private long received;

    public MessageBuffer(long limit) {
        if (limit < 0 || limit > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("message size limit out of range");
        }
        this.limit = limit;
        this.buf = new byte[(int) Math.min(limit, 16 * 1024)];
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        received += len;
        if (received > limit) {
            return;
        }
        if (count + len > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max((long) buf.length * 2, count + len)));
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /** True once more octets arrived than the limit allows. */
    public boolean overflowed() {
        return received > limit;
    }

    /** Octets received so far, kept or not. */
    public long received() {
        return received;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, count);
    }
}
