package dev.facteur.smtp.outbound;

import dev.facteur.smtp.client.DaneTrustManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An MTA-STS policy (RFC 8461 §3.2).
 *
 * @param mx the allowed MX host patterns ({@code mail.example.com} or {@code *.example.net})
 * @param maxAge how long the policy may be cached (at most 31557600 s)
 */
public record MtaStsPolicy(Mode mode, List<String> mx, Duration maxAge) {

    /** RFC 8461 §5: enforce refuses non-compliant hosts; testing only reports; none is no policy. */
    public enum Mode { ENFORCE, TESTING, NONE }

    /** RFC 8461 §3.2: max_age is at most 31557600 seconds. */
    public static final long MAX_AGE_LIMIT = 31_557_600L;

    public MtaStsPolicy {
        mx = List.copyOf(mx);
        if (maxAge.isNegative() || maxAge.toSeconds() > MAX_AGE_LIMIT) {
            throw new IllegalArgumentException("max_age out of range");
        }
        if (mode != Mode.NONE && mx.isEmpty()) {
            throw new IllegalArgumentException("an enforce or testing policy lists at least one mx");
        }
    }

    /**
     * Parses a policy body (RFC 8461 §3.2: {@code key: value} lines ending in CRLF or LF; unknown
     * keys ignored). Returns empty if the version, mode or max_age is missing or invalid.
     */
    public static Optional<MtaStsPolicy> parse(String body) {
        String version = null;
        Mode mode = null;
        Long maxAge = null;
        List<String> mx = new ArrayList<>();
        for (String raw : body.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "version" -> version = value;
                case "mode" -> mode = switch (value) {
                    case "enforce" -> Mode.ENFORCE;
                    case "testing" -> Mode.TESTING;
                    case "none" -> Mode.NONE;
                    default -> null;
                };
                case "max_age" -> maxAge = value.matches("[0-9]{1,10}") ? Long.parseLong(value) : null;
                case "mx" -> mx.add(value.toLowerCase(Locale.ROOT));
                default -> { } // RFC 8461 §3.2: unknown fields are ignored
            }
        }
        if (!"STSv1".equals(version) || mode == null || maxAge == null || maxAge > MAX_AGE_LIMIT
                || mode != Mode.NONE && mx.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MtaStsPolicy(mode, mx, Duration.ofSeconds(maxAge)));
    }

    /** RFC 8461 §4.1: an MX host is allowed if it matches one pattern; a wildcard covers one left-most label. */
    public boolean allows(String mxHost) {
        return mx.stream().anyMatch(p -> DaneTrustManager.hostnameMatches(p, mxHost));
    }
}
