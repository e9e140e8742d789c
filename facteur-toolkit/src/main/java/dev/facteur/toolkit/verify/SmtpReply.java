package dev.facteur.toolkit.verify;

import java.util.List;
import java.util.Optional;

/**
 * One SMTP reply as read from a server: the three-digit code (RFC 5321 §4.2), the enhanced status
 * code if the text starts with one (RFC 3463 §2, RFC 2034 §3), and the text lines.
 */
public record SmtpReply(int code, String enhancedStatus, List<String> lines) {

    public SmtpReply {
        lines = List.copyOf(lines);
        // RFC 5321 §4.2: the code is three digits, first 2..5.
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("SMTP reply code out of range: " + code);
        }
    }

    /** Builds a reply from the code and text lines, taking the enhanced code from the first line. */
    public static SmtpReply of(int code, List<String> lines) {
        String first = lines.isEmpty() ? "" : lines.getFirst();
        return new SmtpReply(code, enhancedIn(first, code).orElse(""), lines);
    }

    // RFC 3463 §2: class "." subject "." detail; class matches the reply's first digit (RFC 2034 §3).
    private static Optional<String> enhancedIn(String text, int code) {
        int sp = text.indexOf(' ');
        String token = sp < 0 ? text : text.substring(0, sp);
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].length() != 1 || parts[0].charAt(0) != (char) ('0' + code / 100)) {
            return Optional.empty();
        }
        for (int i = 1; i < 3; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
        }
        return Optional.of(token);
    }

    public boolean positive() {
        return code / 100 == 2;
    }

    public boolean transientFailure() {
        return code / 100 == 4;
    }

    public boolean permanentFailure() {
        return code / 100 == 5;
    }

    /** The text, lines joined with a space (without the enhanced code). */
    public String text() {
        String joined = String.join(" ", lines);
        return !enhancedStatus.isEmpty() && joined.startsWith(enhancedStatus) ? joined.substring(enhancedStatus.length()).strip() : joined;
    }

    /** The enhanced status subject and detail ({@code 1.1} for {@code 5.1.1}), or empty. */
    public String enhancedSubjectDetail() {
        return enhancedStatus.isEmpty() ? "" : enhancedStatus.substring(2);
    }

    @Override
    public String toString() {
        return code + (enhancedStatus.isEmpty() ? "" : " " + enhancedStatus) + " " + text();
    }
}
