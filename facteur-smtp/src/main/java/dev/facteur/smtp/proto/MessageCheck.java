package dev.facteur.smtp.proto;

/** What is wrong with a received message's octets, if anything (checked before acceptance). */
public enum MessageCheck {
    OK,
    /** More octets than the size limit (RFC 1870 §6.1). */
    TOO_BIG,
    /** A line over 1000 octets with CRLF (RFC 5321 §4.5.3.1.6). */
    LINE_TOO_LONG,
    /** A CR or LF not part of a CRLF pair, or a NUL (RFC 5321 §2.3.8, §4.1.1.4). */
    BARE_LINE_ENDING;

    /** RFC 5321 §4.5.3.1.6: text lines, CRLF included. */
    public static final int MAX_TEXT_LINE = 1000;

    /** Scans a whole message (used for BDAT, where no line structure was read). */
    public static MessageCheck scan(byte[] m, int length) {
        int lineStart = 0;
        for (int i = 0; i < length; i++) {
            byte b = m[i];
            if (b == 0) {
                return BARE_LINE_ENDING;
            }
            if (b == '\r') {
                if (i + 1 >= length || m[i + 1] != '\n') {
                    return BARE_LINE_ENDING;
                }
                if (i + 2 - lineStart > MAX_TEXT_LINE) {
                    return LINE_TOO_LONG;
                }
                i++;
                lineStart = i + 1;
            } else if (b == '\n') {
                return BARE_LINE_ENDING;
            }
        }
        return length - lineStart + 2 > MAX_TEXT_LINE ? LINE_TOO_LONG : OK;
    }

    /** The reply for a failed check. */
    public SmtpReply reply() {
        return switch (this) {
            case OK -> throw new IllegalStateException("no reply for an accepted message");
            case TOO_BIG -> Replies.MESSAGE_TOO_BIG;
            case LINE_TOO_LONG -> Replies.DATA_LINE_TOO_LONG;
            case BARE_LINE_ENDING -> Replies.BAD_LINE_ENDINGS_IN_DATA;
        };
    }
}
