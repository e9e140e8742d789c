package dev.facteur.imap.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The two directions of IMAP COMPRESS=DEFLATE (RFC 4978): raw deflate (RFC 1951, no zlib
 * header), each flush of the output a SYNC_FLUSH so that every response reaches the client
 * whole. The input stream's {@code available()} counts only octets it can return without
 * blocking, so the line reader still flushes replies before it waits for the client.
 */
final class DeflateStreams {

    private DeflateStreams() {}

    /** Inflates what the client sends. */
    static InputStream inflating(InputStream in) {
        return new Inflating(in);
    }

    /** Deflates what the server sends. */
    static OutputStream deflating(OutputStream out) {
        return new Deflating(out);
    }

    private static final class Inflating extends InputStream {
        private final InputStream in;
        // RFC 4978 §3: raw deflate, hence nowrap
        private final Inflater inflater = new Inflater(true);
        private final byte[] input = new byte[8192];
        private final byte[] pending = new byte[8192];
        private int pendingPos;
        private int pendingLen;

        Inflating(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pendingPos == pendingLen) {
                if (inflateSome()) {
                    continue;
                }
                int r = in.read(input, 0, input.length);
                if (r < 0) {
                    return -1;
                }
                inflater.setInput(input, 0, r);
            }
            int n = Math.min(len, pendingLen - pendingPos);
            System.arraycopy(pending, pendingPos, b, off, n);
            pendingPos += n;
            return n;
        }

        /** Octets that a read returns without blocking: inflated, or inflatable from input already here. */
        @Override
        public int available() throws IOException {
            while (pendingPos == pendingLen) {
                if (inflateSome()) {
                    continue;
                }
                int ready = in.available();
                if (ready <= 0) {
                    return 0;
                }
                int r = in.read(input, 0, Math.min(ready, input.length));
                if (r < 0) {
                    return 0;
                }
                inflater.setInput(input, 0, r);
            }
            return pendingLen - pendingPos;
        }

        /** Inflates from the input given so far; true if that produced octets or may produce more. */
        private boolean inflateSome() throws IOException {
            if (inflater.needsInput()) {
                return false;
            }
            if (inflater.finished() || inflater.needsDictionary()) {
                throw new EOFException("compressed stream ended"); // a client may not end the stream
            }
            try {
                pendingPos = 0;
                pendingLen = inflater.inflate(pending);
            } catch (DataFormatException e) {
                throw new IOException("invalid deflate data from the client", e);
            }
            return pendingLen > 0 || !inflater.needsInput();
        }

        @Override
        public void close() throws IOException {
            inflater.end();
            in.close();
        }
    }

    private static final class Deflating extends OutputStream {
        private final OutputStream out;
        private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        private final byte[] buf = new byte[8192];
        private boolean dirty;

        Deflating(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            deflater.setInput(b, off, len);
            while (!deflater.needsInput()) {
                drain(Deflater.NO_FLUSH);
            }
            dirty = true;
        }

        /** RFC 4978 §6: a SYNC_FLUSH ends each batch of responses, so the client can decode all of it. */
        @Override
        public void flush() throws IOException {
            if (dirty) {
                int n;
                do {
                    n = drain(Deflater.SYNC_FLUSH);
                } while (n == buf.length);
                dirty = false;
            }
            out.flush();
        }

        private int drain(int mode) throws IOException {
            int n = deflater.deflate(buf, 0, buf.length, mode);
            if (n > 0) {
                out.write(buf, 0, n);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            flush();
            deflater.end();
            out.close();
        }
    }
}
