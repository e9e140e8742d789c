package dev.facteur.auth.dkim;

import dev.facteur.auth.message.HeaderField;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;

/** RFC 6376 §3.4: the simple and relaxed canonicalisation algorithms for headers and bodies. */
public enum Canonicalization {
    SIMPLE, RELAXED;

    public static Canonicalization of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "simple" -> SIMPLE;
            case "relaxed" -> RELAXED;
            default -> throw new IllegalArgumentException("unknown canonicalization " + name);
        };
    }

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The canonical form of one header field, ending in CRLF. */
    public byte[] header(HeaderField field) {
        return header(field.raw());
    }

    /** The canonical form of raw header octets ("Name: value\r\n"). */
    public byte[] header(byte[] raw) {
        if (this == SIMPLE) {
            // RFC 6376 §3.4.1: simple header canonicalisation changes nothing.
            return raw;
        }
        int colon = 0;
        while (colon < raw.length && raw[colon] != ':') {
            colon++;
        }
        if (colon == raw.length) {
            throw new IllegalArgumentException("header field without colon");
        }
        // RFC 6376 §3.4.2: lower-case the name, unfold, collapse WSP, trim around the colon and at the end.
        int nameStart = 0;
        int nameEnd = colon;
        while (nameStart < nameEnd && Character.isWhitespace((char) (raw[nameStart] & 0xFF))) {
            nameStart++;
        }
        while (nameEnd > nameStart && Character.isWhitespace((char) (raw[nameEnd - 1] & 0xFF))) {
            nameEnd--;
        }
        byte[] out = new byte[nameEnd - nameStart + raw.length - colon + 2];
        int n = 0;
        for (int i = nameStart; i < nameEnd; i++) {
            out[n++] = (byte) Character.toLowerCase((char) (raw[i] & 0xFF));
        }
        out[n++] = ':';
        boolean wsp = false;
        boolean started = false;
        for (int i = colon + 1; i < raw.length; i++) {
            byte c = raw[i];
            if (c == '\r' && i + 1 < raw.length && raw[i + 1] == '\n') {
                i++; // unfolding removes the CRLF itself; the WSP after it is collapsed below
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                wsp = true;
                continue;
            }
            if (wsp && started) {
                out[n++] = ' ';
            }
            wsp = false;
            started = true;
            out[n++] = c;
        }
        out[n++] = '\r';
        out[n++] = '\n';
        return Arrays.copyOf(out, n);
    }

    /**
     * Feeds the canonical body (RFC 6376 §3.4.3, §3.4.4) of {@code body[offset, offset+length)} into
     * the digest, stopping after {@code limit} canonical octets (l=, §3.5); returns the canonical
     * length hashed.
     */
    public long hashBody(byte[] body, int offset, int length, long limit, MessageDigest digest) {
        BodyWriter w = new BodyWriter(digest, limit);
        int end = offset + length;
        if (this == SIMPLE) {
            simple(body, offset, end, w);
        } else {
            relaxed(body, offset, end, w);
        }
        w.flush();
        return w.written;
    }

    private static void simple(byte[] b, int start, int end, BodyWriter w) {
        // RFC 6376 §3.4.3: drop trailing empty lines; an empty body is one CRLF.
        int e = end;
        while (e - start >= 2 && b[e - 2] == '\r' && b[e - 1] == '\n') {
            e -= 2;
        }
        if (e == start) {
            w.write(CRLF, 0, 2);
            return;
        }
        w.write(b, start, e - start);
        w.write(CRLF, 0, 2);
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] SPACE = {' '};

    private static void relaxed(byte[] b, int start, int end, BodyWriter w) {
        if (w.limit != Long.MAX_VALUE) {
            relaxedLimited(b, start, end, w);
            return;
        }
        // Fast path without l=: most octets pass unchanged, so find (eight octets at a time) the WSP that
        // must be rewritten and hash the verbatim spans between them straight from the message.
        // RFC 6376 §3.4.4: trailing empty lines (and WSP on them) are dropped; find the last content octet.
        int contentEnd = end;
        while (contentEnd > start) {
            byte c = b[contentEnd - 1];
            if (c == ' ' || c == '\t') {
                contentEnd--;
            } else if (c == '\n' && contentEnd - 2 >= start && b[contentEnd - 2] == '\r') {
                contentEnd -= 2;
            } else {
                break;
            }
        }
        if (contentEnd == start) {
            return; // an empty body hashes as nothing
        }
        int seg = start;
        int i = start;
        while ((i = WspScan.nextRewrite(b, i, contentEnd)) < contentEnd) {
            byte c = b[i];
            int j = i + 1;
            while (j < contentEnd && (b[j] == ' ' || b[j] == '\t')) {
                j++;
            }
            boolean lineEnd = b[j] == '\r' && j + 1 < contentEnd && b[j + 1] == '\n';
            if (!lineEnd && j - i == 1 && c == ' ') {
                i = j; // a single SP inside a line is already canonical
                continue;
            }
            // RFC 6376 §3.4.4: a run of WSP inside a line becomes one SP; at a line end it goes.
            if (lineEnd) {
                w.write(b, seg, i - seg);
            } else if (c == ' ') {
                w.write(b, seg, i + 1 - seg); // the run's first SP stands for the run
            } else {
                w.write(b, seg, i - seg);
                w.write(SPACE, 0, 1);
            }
            seg = j;
            i = j;
        }
        w.write(b, seg, contentEnd - seg);
        w.write(CRLF, 0, 2);
    }

    private static void relaxedLimited(byte[] b, int start, int end, BodyWriter w) {
        int pendingCrlf = 0;
        boolean pendingSpace = false;
        boolean content = false;
        int runStart = -1;
        for (int i = start; i < end; i++) {
            byte c = b[i];
            boolean wsp = c == ' ' || c == '\t';
            boolean crlf = c == '\r' && i + 1 < end && b[i + 1] == '\n';
            if (wsp || crlf) {
                if (runStart >= 0) {
                    w.write(b, runStart, i - runStart);
                    runStart = -1;
                }
                if (crlf) {
                    pendingSpace = false;
                    pendingCrlf++;
                    i++;
                } else {
                    pendingSpace = true;
                }
                continue;
            }
            if (runStart < 0) {
                for (; pendingCrlf > 0; pendingCrlf--) {
                    w.write(CRLF, 0, 2);
                }
                if (pendingSpace) {
                    w.write(SPACE, 0, 1);
                    pendingSpace = false;
                }
                runStart = i;
                content = true;
            }
        }
        if (runStart >= 0) {
            w.write(b, runStart, end - runStart);
        }
        if (content) {
            w.write(CRLF, 0, 2);
        }
    }

    /** Writes to a digest through a limit, batching small writes in a buffer. */
    private static final class BodyWriter {
        final MessageDigest digest;
        final long limit;
        final byte[] buffer = new byte[4096];
        private int used;
        long written;

        BodyWriter(MessageDigest digest, long limit) {
            this.digest = digest;
            this.limit = limit;
        }

        void write(byte[] b, int off, int len) {
            long room = limit - written;
            if (room <= 0) {
                return;
            }
            int n = (int) Math.min(len, room);
            written += n;
            if (n > buffer.length - used) {
                flush();
                if (n > buffer.length) {
                    digest.update(b, off, n);
                    return;
                }
            }
            System.arraycopy(b, off, buffer, used, n);
            used += n;
        }

        void flush() {
            if (used > 0) {
                digest.update(buffer, 0, used);
                used = 0;
            }
        }
    }

    /** The canonical body as bytes (for tests and small bodies). */
    public byte[] body(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageDigest capture = new MessageDigest("capture") {
            @Override
            protected void engineUpdate(byte input) {
                out.write(input);
            }

            @Override
            protected void engineUpdate(byte[] input, int offset, int len) {
                out.write(input, offset, len);
            }

            @Override
            protected byte[] engineDigest() {
                return new byte[0];
            }

            @Override
            protected void engineReset() {
                out.reset();
            }
        };
        hashBody(body, 0, body.length, Long.MAX_VALUE, capture);
        return out.toByteArray();
    }
}
