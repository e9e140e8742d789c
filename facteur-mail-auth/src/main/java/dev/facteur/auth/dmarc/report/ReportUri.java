package dev.facteur.auth.dmarc.report;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * A report destination from a DMARC record's rua= or ruf= tag, with its size limit (RFC 9989 §4.7,
 * RFC 7489 §6.2: {@code mailto:addr!10m}). Only mailto: URIs are kept: they are the only scheme DMARC
 * defines for delivery (RFC 9990 §5); others are ignored.
 */
public record ReportUri(String address, OptionalLong maxBytes) {

    public ReportUri {
        if (address.indexOf('@') < 1 || address.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("not a mail address: " + address);
        }
    }

    /** True when a report of this many octets may go to this destination. */
    public boolean accepts(long octets) {
        return maxBytes.isEmpty() || octets <= maxBytes.getAsLong();
    }

    /** The destinations a tag ({@code rua} or {@code ruf}) of a record's text lists, in order. */
    public static List<ReportUri> fromRecord(String recordText, String tag) {
        for (String part : recordText.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase(tag)) {
                return parseList(part.substring(eq + 1));
            }
        }
        return List.of();
    }

    /** RFC 7489 §6.2: comma-separated URIs, each with an optional "!" size (k, m, g, t: powers of two). */
    static List<ReportUri> parseList(String value) {
        List<ReportUri> out = new ArrayList<>();
        for (String raw : value.split(",")) {
            String s = raw.strip();
            OptionalLong max = OptionalLong.empty();
            int bang = s.lastIndexOf('!');
            if (bang > 0) {
                max = size(s.substring(bang + 1));
                if (max.isEmpty()) {
                    continue; // a malformed size makes the URI unusable
                }
                s = s.substring(0, bang);
            }
            if (!s.regionMatches(true, 0, "mailto:", 0, 7)) {
                continue; // RFC 9989 §4.7: unknown schemes are ignored
            }
            try {
                // RFC 6068 §2: percent-encoded octets; a query (?subject=...) is not part of the address.
                String address = URLDecoder.decode(s.substring(7).replace("+", "%2B"), StandardCharsets.UTF_8);
                int q = address.indexOf('?');
                out.add(new ReportUri(q >= 0 ? address.substring(0, q) : address, max));
            } catch (IllegalArgumentException e) {
                // not a usable address: skipped
            }
        }
        return out;
    }

    private static OptionalLong size(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (!t.matches("[0-9]{1,12}[kmgt]?")) {
            return OptionalLong.empty();
        }
        char unit = t.charAt(t.length() - 1);
        int shift = switch (unit) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        long n = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
        return OptionalLong.of(shift >= 40 && n > (Long.MAX_VALUE >> 40) ? Long.MAX_VALUE : n << shift);
    }
}
