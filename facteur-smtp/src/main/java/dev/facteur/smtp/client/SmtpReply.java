package dev.facteur.smtp.client;

import java.util.List;
import java.util.Optional;

/**
 * A reply received from an SMTP server (RFC 5321 §4.2): a three-digit code, the enhanced status
 * code when the server gives one (RFC 2034 §3), and the text of each line without code or status.
 */
public record SmtpReply(int code, Optional<EnhancedStatus> status, List<String> lines) {

    public SmtpReply {
        // RFC 5321 §4.2: the first digit is 2 to 5, the second 0 to 5.
        if (code < 200 || code > 599 || code / 10 % 10 > 5) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
    }

    /** A synthetic reply (for outcomes that did not come from a peer, like a refused connection). */
    public static SmtpReply of(int code, EnhancedStatus status, String text) {
        return new SmtpReply(code, Optional.of(status), List.of(text));
    }

    /** RFC 5321 §4.2.1: 2yz, positive completion. */
    public boolean isPositive() {
        return code / 100 == 2;
    }

    /** RFC 5321 §4.2.1: 3yz, positive intermediate (354 after DATA, 334 in AUTH). */
    public boolean isIntermediate() {
        return code / 100 == 3;
    }

    /** RFC 5321 §4.2.1: 4yz, transient negative completion: try again later. */
    public boolean isTransient() {
        return code / 100 == 4;
    }

    /** RFC 5321 §4.2.1: 5yz, permanent negative completion. */
    public boolean isPermanent() {
        return code / 100 == 5;
    }

    /** The text of all lines joined with a space. */
    public String text() {
        return String.join(" ", lines);
    }

    /**
     * The status to report for this reply: the server's enhanced code if any, else one derived
     * from the basic code's class (RFC 3463 §3.1: X.0.0 "other undefined status").
     */
    public EnhancedStatus effectiveStatus() {
        return status.orElseGet(() -> new EnhancedStatus(code / 100 == 3 ? 2 : code / 100, 0, 0));
    }

    /** One line for logs and DSN Diagnostic-Code fields: {@code 550 5.1.1 text}, printable ASCII only. */
    public String summary() {
        StringBuilder b = new StringBuilder().append(code);
        status.ifPresent(s -> b.append(' ').append(s));
        String t = text();
        if (!t.isEmpty()) {
            b.append(' ');
        }
        for (int i = 0; i < t.length() && b.length() < 500; i++) {
            char c = t.charAt(i);
            b.append(c < 0x20 || c > 0x7e ? '?' : c);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
