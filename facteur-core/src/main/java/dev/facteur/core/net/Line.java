package dev.facteur.core.net;

import java.nio.charset.StandardCharsets;

/**
 * One line read by {@link LineReader}: its octets without the terminator, how it ended, and
 * whether it was longer than the limit (then {@code content} holds only the first octets).
 */
public record Line(byte[] content, Ending ending, boolean tooLong) {

    /** How the line ended. A bare CR is never a terminator; it stays inside {@code content}. */
    public enum Ending {
        /** The proper CR LF. */
        CRLF,
        /** A LF without CR before it. */
        BARE_LF
    }

    /** True if the line contains a CR that is not part of its CRLF terminator. */
    public boolean hasBareCr() {
        for (byte b : content) {
            if (b == '\r') {
                return true;
            }
        }
        return false;
    }

    /** True if the line contains a NUL octet. */
    public boolean hasNul() {
        for (byte b : content) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /** The content decoded as UTF-8 (malformed sequences become U+FFFD). */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** True if the content is exactly {@code s} (ASCII). */
    public boolean is(String s) {
        if (content.length != s.length()) {
            return false;
        }
        for (int i = 0; i < content.length; i++) {
            if (content[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
