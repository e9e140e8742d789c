package dev.facteur.imap.proto;

import java.util.Optional;

/**
 * The literal announced at the end of a command line (RFC 9051 §4.3): {@code {n}} (synchronising:
 * the server sends a continuation first), {@code {n+}} (RFC 7888 non-synchronising) or
 * {@code ~{n}} (RFC 3516 literal8).
 */
public record LiteralMarker(long size, boolean nonSynchronizing) {

    /** Finds the marker at the end of {@code line} (without its CRLF), if any. */
    public static Optional<LiteralMarker> at(byte[] line, int length) {
        int end = length;
        if (end < 3 || line[end - 1] != '}') {
            return Optional.empty();
        }
        int p = end - 2;
        boolean plus = line[p] == '+';
        if (plus) {
            p--;
        }
        int digitsEnd = p + 1;
        while (p >= 0 && line[p] >= '0' && line[p] <= '9') {
            p--;
        }
        if (p < 0 || line[p] != '{' || p + 1 == digitsEnd || digitsEnd - (p + 1) > 18) {
            return Optional.empty();
        }
        long n = 0;
        for (int i = p + 1; i < digitsEnd; i++) {
            n = n * 10 + (line[i] - '0');
        }
        return Optional.of(new LiteralMarker(n, plus));
    }
}
