package dev.facteur.smtp.client;

import java.util.Optional;

/**
 * An enhanced mail system status code (RFC 3463 §2): {@code class.subject.detail}.
 *
 * @param statusClass 2 (success), 4 (persistent transient failure) or 5 (permanent failure)
 */
public record EnhancedStatus(int statusClass, int subject, int detail) {

    public EnhancedStatus {
        // RFC 3463 §2: class is 2, 4 or 5; subject and detail are 1 to 3 digits.
        if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
            throw new IllegalArgumentException("enhanced status class must be 2, 4 or 5");
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException("enhanced status subject/detail out of range");
        }
    }

    public static EnhancedStatus of(int statusClass, int subject, int detail) {
        return new EnhancedStatus(statusClass, subject, detail);
    }

    /** Parses the status at the start of {@code text} ({@code 5.1.1 rest}), if there is one. */
    public static Optional<EnhancedStatus> parsePrefix(String text) {
        int end = text.indexOf(' ');
        String token = end < 0 ? text : text.substring(0, end);
        return parse(token);
    }

    /** Parses exactly {@code class.subject.detail}. */
    public static Optional<EnhancedStatus> parse(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        int[] n = new int[3];
        for (int i = 0; i < 3; i++) {
            String p = parts[i];
            // RFC 3463 §2: class is one digit, subject and detail 1*3digit.
            if (p.isEmpty() || p.length() > (i == 0 ? 1 : 3) || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            n[i] = Integer.parseInt(p);
        }
        if (n[0] != 2 && n[0] != 4 && n[0] != 5) {
            return Optional.empty();
        }
        return Optional.of(new EnhancedStatus(n[0], n[1], n[2]));
    }

    /** The same subject and detail with another class (e.g. a 4.x.x status turned permanent). */
    public EnhancedStatus withClass(int newClass) {
        return new EnhancedStatus(newClass, subject, detail);
    }

    @Override
    public String toString() {
        return statusClass + "." + subject + "." + detail;
    }
}
