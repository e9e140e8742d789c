package dev.facteur.imap.proto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Serialises responses into one buffer, flushed once per command (or pipelined batch). Strings
 * are quoted when RFC 9051 §9 allows (no CR, LF, NUL; 8-bit only once UTF8=ACCEPT is enabled,
 * RFC 6855 §3) and sent as literals otherwise.
 */
public final class ResponseWriter {

    private static final int MAX_QUOTED = 1024;
    /** Small: most replies are short, and an idle session should hold little memory. */
    private static final int INITIAL = 512;

    private static final byte[] EMPTY = new byte[0];
    private byte[] buf = new byte[INITIAL];
    private int len;
    private boolean utf8Quoted;

    /** RFC 6855 §3 (UTF8=ACCEPT) and RFC 9051: 8-bit UTF-8 may appear in quoted strings. */
    public void allowUtf8Quoted(boolean allow) {
        this.utf8Quoted = allow;
    }

    public int size() {
        return len;
    }

    public void write(ImapResponse r) {
        switch (r) {
            case ImapResponse.Tagged t -> status(t.tag(), t.status(), t.code().orElse(null), t.text());
            case ImapResponse.Condition u -> status("*", u.status(), u.code().orElse(null), u.text());
            case ImapResponse.Data d -> {
                ascii("*");
                for (var v : d.values()) {
                    put((byte) ' ');
                    value(v);
                }
                crlf();
            }
            case ImapResponse.Continuation c -> {
                ascii("+ ");
                utf8(c.text());
                crlf();
            }
        }
    }

    private void status(String tag, ImapResponse.Status status, String code, String text) {
        ascii(tag);
        put((byte) ' ');
        ascii(status.name());
        put((byte) ' ');
        if (code != null) {
            put((byte) '[');
            utf8(code);
            ascii("] ");
        }
        utf8(text);
        crlf();
    }

    public void value(Value v) {
        switch (v) {
            case Value.Atom a -> utf8(a.text());
            case Value.Num n -> ascii(Long.toString(n.value()));
            case Value.Nil n -> ascii("NIL");
            case Value.Str s -> string(s.text());
            case Value.Literal l -> literal(l.bytes(), l.offset(), l.length(), l.binary());
            case Value.ListOf l -> {
                put((byte) '(');
                boolean first = true;
                for (Value item : l.items()) {
                    if (!first) {
                        put((byte) ' ');
                    }
                    first = false;
                    value(item);
                }
                put((byte) ')');
            }
        }
    }

    private void string(String s) {
        if (s.length() <= MAX_QUOTED && quotable(s)) {
            put((byte) '"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    put((byte) '\\');
                }
                if (c < 0x80) {
                    put((byte) c);
                } else {
                    utf8(String.valueOf(c));
                }
            }
            put((byte) '"');
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        literal(b, 0, b.length, false);
    }

    private boolean quotable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || (c >= 0x80 && !utf8Quoted) || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private void literal(byte[] b, int off, int n, boolean binary) {
        if (binary) {
            put((byte) '~');
        }
        put((byte) '{');
        ascii(Integer.toString(n));
        put((byte) '}');
        crlf();
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void crlf() {
        put((byte) '\r');
        put((byte) '\n');
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void utf8(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) {
            ascii = s.charAt(i) < 0x80;
        }
        if (ascii) {
            ascii(s);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(Math.max(INITIAL, buf.length * 2), len + n));
        }
    }

    /** Writes everything buffered in one write and flush, then empties the buffer. */
    public void flushTo(OutputStream out) throws IOException {
        if (len > 0) {
            out.write(buf, 0, len);
        }
        out.flush();
        clear();
    }

    public void clear() {
        len = 0;
        if (buf.length > 1 << 20) {
            buf = new byte[8192]; // do not keep a large FETCH's buffer for the session's life
        }
    }

    /**
     * Gives back the buffer; for a session about to wait for its client (thousands of idle
     * sessions hold none). The next response allocates a small one again.
     */
    public void release() {
        if (len == 0) {
            buf = EMPTY;
        }
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    static void checkText(String text) {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("CR or LF in response text");
        }
    }

    static void checkCode(String code) {
        checkText(code);
        if (code.indexOf(']') >= 0 && !code.startsWith("BADCHARSET") && !code.contains("[")) {
            throw new IllegalArgumentException("']' in response code");
        }
    }
}
