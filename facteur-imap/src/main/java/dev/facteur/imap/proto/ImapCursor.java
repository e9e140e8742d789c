package dev.facteur.imap.proto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A cursor over one complete command: its lines and literals, as read from the wire
 * ({@code {n}CRLF} followed by n octets). {@code accept..} returns whether it matched;
 * {@code expect..} throws {@link SyntaxException} with the position.
 */
final class ImapCursor {

    /** Nesting of parenthesised lists allowed in one command. */
    static final int MAX_DEPTH = 32;

    private final byte[] in;
    private int pos;
    private int depth;

    ImapCursor(byte[] in) {
        this.in = in;
    }

    int position() {
        return pos;
    }

    void rewind(int position) {
        pos = position;
    }

    boolean atEnd() {
        return pos >= in.length;
    }

    int peek() {
        return pos < in.length ? in[pos] & 0xFF : -1;
    }

    SyntaxException error(String message) {
        return new SyntaxException(pos, message);
    }

    boolean accept(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    void expect(char c) throws SyntaxException {
        if (!accept(c)) {
            // never put a control character into the message: it is echoed in a BAD response
            throw error(c == ' ' ? "expected a space" : c < 0x20 ? "expected CRLF" : "expected '" + c + "'");
        }
    }

    void sp() throws SyntaxException {
        expect(' ');
    }

    void end() throws SyntaxException {
        if (!atEnd()) {
            throw error("unexpected characters at end of command");
        }
    }

    /** Opens a parenthesised list, bounding nesting. */
    boolean acceptOpen() throws SyntaxException {
        if (accept('(')) {
            if (++depth > MAX_DEPTH) {
                throw error("too deeply nested");
            }
            return true;
        }
        return false;
    }

    void expectOpen() throws SyntaxException {
        if (!acceptOpen()) {
            throw error("expected '('");
        }
    }

    boolean acceptClose() {
        if (accept(')')) {
            depth--;
            return true;
        }
        return false;
    }

    void expectClose() throws SyntaxException {
        if (!acceptClose()) {
            throw error("expected ')'");
        }
    }

    /** Accepts a keyword (case-insensitive) if it is followed by a non-atom character. */
    boolean acceptWord(String word) {
        int n = word.length();
        if (pos + n > in.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int c = in[pos + i] & 0xFF;
            if (Character.toUpperCase(c) != Character.toUpperCase(word.charAt(i))) {
                return false;
            }
        }
        if (pos + n < in.length && isAtomChar(in[pos + n] & 0xFF) && in[pos + n] != '.' && in[pos + n] != '[') {
            return false;
        }
        pos += n;
        return true;
    }

    /** RFC 9051 §9 ATOM-CHAR: any CHAR except atom-specials. */
    static boolean isAtomChar(int c) {
        return c > 0x20 && c < 0x7F && "(){ %*\"\\]".indexOf(c) < 0;
    }

    String atom() throws SyntaxException {
        int start = pos;
        while (pos < in.length && isAtomChar(in[pos] & 0xFF)) {
            pos++;
        }
        if (pos == start) {
            throw error("expected an atom");
        }
        return new String(in, start, pos - start, StandardCharsets.US_ASCII);
    }

    /** ASTRING-CHAR = ATOM-CHAR / resp-specials (']'). */
    private String astringAtom() throws SyntaxException {
        int start = pos;
        // Deviation: 8-bit octets are accepted in atoms and read as UTF-8 (RFC 9051 allows them only
        // in quoted strings; Python's imaplib sends non-ASCII search strings unquoted)
        while (pos < in.length && (isAtomChar(in[pos] & 0xFF) || in[pos] == ']' || (in[pos] & 0x80) != 0)) {
            pos++;
        }
        if (pos == start) {
            throw error("expected an atom or a string");
        }
        return new String(in, start, pos - start, StandardCharsets.UTF_8);
    }

    String astring() throws SyntaxException {
        // RFC 9051 §9 / RFC 3516 §4.3: '~' is an ATOM-CHAR; only "~{" opens a literal8
        if (peek() == '"' || atLiteral()) {
            return string();
        }
        return astringAtom();
    }

    /** A mailbox name; list-mailbox also allows % and * (RFC 9051 §9). */
    String listMailbox() throws SyntaxException {
        int c = peek();
        if (c == '"' || c == '{') {
            return string();
        }
        int start = pos;
        while (pos < in.length && (isAtomChar(in[pos] & 0xFF) || in[pos] == ']' || in[pos] == '%' || in[pos] == '*')) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a mailbox pattern");
        }
        return new String(in, start, pos - start, StandardCharsets.US_ASCII);
    }

    String string() throws SyntaxException {
        return text(stringBytes());
    }

    /**
     * Octets as UTF-8 (RFC 9051 §4.3, RFC 6855), or ISO-8859-1 when they are not valid UTF-8.
     * Deviation: Angus Mail sends 8-bit search strings in ISO-8859-1 once UTF8=ACCEPT is on.
     */
    static String text(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }
    }

    /** A quoted string or a literal, as octets. */
    byte[] stringBytes() throws SyntaxException {
        if (accept('"')) {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            while (true) {
                if (atEnd()) {
                    throw error("unterminated quoted string");
                }
                int c = in[pos++] & 0xFF;
                if (c == '"') {
                    return b.toByteArray();
                }
                if (c == '\\') {
                    int e = peek();
                    // RFC 9051 §9 QUOTED-CHAR: only \\ and \" are escapes
                    if (e != '\\' && e != '"') {
                        throw error("bad escape in quoted string");
                    }
                    pos++;
                    c = e;
                } else if (c == '\r' || c == '\n' || c == 0) {
                    throw error("CR, LF or NUL in quoted string");
                }
                b.write(c);
            }
        }
        return literal();
    }

    boolean atLiteral() {
        return peek() == '{' || (peek() == '~' && pos + 1 < in.length && in[pos + 1] == '{');
    }

    boolean atLiteral8() {
        return peek() == '~' && pos + 1 < in.length && in[pos + 1] == '{';
    }

    /** {@code {n}CRLF} or {@code {n+}CRLF} (RFC 7888) or {@code ~{n}} (RFC 3516), then n octets. */
    byte[] literal() throws SyntaxException {
        accept('~');
        expect('{');
        long n = number();
        accept('+');
        expect('}');
        expect('\r');
        expect('\n');
        if (n > in.length - pos) {
            throw error("literal longer than the command");
        }
        byte[] b = java.util.Arrays.copyOfRange(in, pos, pos + (int) n);
        pos += (int) n;
        return b;
    }

    String nstringOrNull() throws SyntaxException {
        if (acceptWord("NIL")) {
            return null;
        }
        return string();
    }

    /** number = 1*DIGIT, at most 63 bits (RFC 9051 §9 number64). */
    long number() throws SyntaxException {
        int start = pos;
        long v = 0;
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
            if (v > (Long.MAX_VALUE - 9) / 10) {
                throw error("number too large");
            }
            v = v * 10 + (in[pos] - '0');
            pos++;
        }
        if (pos == start) {
            throw error("expected a number");
        }
        return v;
    }

    long nzNumber() throws SyntaxException {
        int start = pos;
        long v = number();
        if (v == 0) {
            pos = start;
            throw error("expected a non-zero number");
        }
        return v;
    }

    /** RFC 9051 §9 sequence-set, or {@code $} (RFC 5182). */
    SequenceSet sequenceSet() throws SyntaxException {
        if (accept('$')) {
            return SequenceSet.saved();
        }
        List<SequenceSet.Range> ranges = new ArrayList<>();
        do {
            long from = seqNumber();
            long to = accept(':') ? seqNumber() : from;
            if (ranges.size() >= SequenceSet.MAX_RANGES) {
                throw error("too many ranges in sequence set");
            }
            ranges.add(new SequenceSet.Range(from, to));
        } while (accept(','));
        return new SequenceSet(ranges, false);
    }

    private long seqNumber() throws SyntaxException {
        if (accept('*')) {
            return SequenceSet.STAR;
        }
        long n = nzNumber();
        if (n > 0xFFFFFFFFL) {
            throw error("sequence number out of range"); // RFC 9051 §9 nz-number is 32-bit
        }
        return n;
    }

    /** A flag: {@code \Name} or a keyword atom (RFC 9051 §9 flag). */
    String flag() throws SyntaxException {
        if (accept('\\')) {
            if (accept('*')) {
                return "\\*";
            }
            return "\\" + atom();
        }
        return atom();
    }

    List<String> flagList() throws SyntaxException {
        expectOpen();
        List<String> flags = new ArrayList<>();
        if (!acceptClose()) {
            do {
                if (flags.size() >= 1000) {
                    throw error("too many flags");
                }
                flags.add(flag());
            } while (accept(' '));
            expectClose();
        }
        return flags;
    }
}
