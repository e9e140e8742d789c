package dev.facteur.core.mime;

/** Line scanning over raw message octets; a line ends with LF (CRLF or a bare LF). */
final class MimeBytes {

    private MimeBytes() {}

    /** The offset just past the line starting at {@code pos} (past its LF), or {@code limit}. */
    static int lineEnd(byte[] raw, int pos, int limit) {
        for (int i = pos; i < limit; i++) {
            if (raw[i] == '\n') {
                return i + 1;
            }
        }
        return limit;
    }

    /** The offset where the line's content ends (before CRLF or LF). */
    static int contentEnd(byte[] raw, int lineStart, int lineEnd) {
        int e = lineEnd;
        if (e > lineStart && raw[e - 1] == '\n') {
            e--;
            if (e > lineStart && raw[e - 1] == '\r') {
                e--;
            }
        }
        return e;
    }

    /**
     * Where the body of the entity starting at {@code start} begins: just past the first empty
     * line (RFC 5322 §2.1), or {@code end} if there is none (all header, no body).
     */
    static int bodyStart(byte[] raw, int start, int end) {
        int pos = start;
        while (pos < end) {
            int le = lineEnd(raw, pos, end);
            if (contentEnd(raw, pos, le) == pos && le > pos && raw[le - 1] == '\n') {
                return le;
            }
            pos = le;
        }
        return end;
    }

    /** Text lines in {@code [from, to)}: line terminators, plus one for an unterminated last line. */
    static long lines(byte[] raw, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            if (raw[i] == '\n') {
                n++;
            }
        }
        if (to > from && raw[to - 1] != '\n') {
            n++;
        }
        return n;
    }
}
