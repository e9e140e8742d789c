package dev.facteur.smtp.proto;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One SMTP reply: a three-digit code (RFC 5321 §4.2), an optional enhanced status (RFC 2034)
 * and one or more lines of text.
 */
public record SmtpReply(int code, Optional<EnhancedStatus> status, List<String> lines) {

    public SmtpReply {
        lines = List.copyOf(lines);
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
        if (status.isPresent() && status.get().klass() != code / 100) {
            throw new IllegalArgumentException("enhanced status class must match the reply code");
        }
        for (String l : lines) {
            for (int i = 0; i < l.length(); i++) {
                char c = l.charAt(i);
                // No CR/LF/NUL: a reply can never smuggle another reply (CRLF injection).
                if (c == '\r' || c == '\n' || c == 0) {
                    throw new IllegalArgumentException("control character in reply text");
                }
            }
        }
    }

    public static SmtpReply of(int code, String status, String text) {
        return new SmtpReply(code, Optional.of(EnhancedStatus.of(status)), List.of(text));
    }

    /** A reply without an enhanced code (greeting, EHLO, 354, 334). */
    public static SmtpReply plain(int code, String text) {
        return new SmtpReply(code, Optional.empty(), List.of(text));
    }

    public boolean isPositive() {
        return code < 400;
    }

    public boolean isTransient() {
        return code >= 400 && code < 500;
    }

    /** The wire form: {@code code-text} for all lines but the last, {@code code text} for the last. */
    public byte[] encode() {
        StringBuilder b = new StringBuilder(64);
        for (int i = 0; i < lines.size(); i++) {
            b.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            // RFC 2034 §4: the enhanced code starts the text of every line.
            status.ifPresent(s -> b.append(s).append(' '));
            b.append(lines.get(i)).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return new String(encode(), StandardCharsets.UTF_8).strip();
    }
}
