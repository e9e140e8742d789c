package dev.facteur.auth.dmarc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed DMARC policy record (RFC 9989 §4.7). RFC 7489 tags that RFC 9989 removed (pct, rf, ri)
 * are read for compatibility: pct below 100 is treated as t=y, the closest RFC 9989 meaning.
 */
public record DmarcRecord(Policy policy, Optional<Policy> subdomainPolicy, Optional<Policy> nonexistentPolicy,
                          Psd psd, boolean testing, Alignment dkimAlignment, Alignment spfAlignment,
                          List<String> aggregateUris, List<String> failureUris, String failureOptions) {

    public DmarcRecord {
        aggregateUris = List.copyOf(aggregateUris);
        failureUris = List.copyOf(failureUris);
    }

    /** RFC 9989 §4.7 p=, sp=, np=. */
    public enum Policy {
        NONE, QUARANTINE, REJECT;

        static Optional<Policy> of(String v) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "none" -> Optional.of(NONE);
                case "quarantine" -> Optional.of(QUARANTINE);
                case "reject" -> Optional.of(REJECT);
                default -> Optional.empty();
            };
        }

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** RFC 9989 §4.7 psd=: y (a public suffix domain), n (an organisational domain), u (unknown, default). */
    public enum Psd { YES, NO, UNKNOWN }

    /** RFC 9989 §4.4 adkim=, aspf=: relaxed (default) or strict. */
    public enum Alignment {
        RELAXED, STRICT;

        public String keyword() {
            return this == RELAXED ? "r" : "s";
        }
    }

    /** Why a TXT record is not a usable DMARC record. */
    public static final class InvalidRecord extends Exception {
        public InvalidRecord(String message) {
            super(message, null, false, false);
        }
    }

    /** RFC 9989 §4.7: a DMARC record begins with v=DMARC1. */
    public static boolean looksLikeDmarc(String text) {
        String t = text.stripLeading();
        if (!t.startsWith("v")) {
            return false;
        }
        String rest = t.substring(1).stripLeading();
        if (!rest.startsWith("=")) {
            return false;
        }
        rest = rest.substring(1).stripLeading();
        return rest.startsWith("DMARC1") && (rest.length() == 6 || rest.charAt(6) == ';' || Character.isWhitespace(rest.charAt(6)));
    }

    public static DmarcRecord parse(String text) throws InvalidRecord {
        if (!looksLikeDmarc(text)) {
            throw new InvalidRecord("record does not start with v=DMARC1");
        }
        Optional<Policy> p = Optional.empty();
        boolean pSeen = false;
        Optional<Policy> sp = Optional.empty();
        Optional<Policy> np = Optional.empty();
        Psd psd = Psd.UNKNOWN;
        boolean testing = false;
        Alignment adkim = Alignment.RELAXED;
        Alignment aspf = Alignment.RELAXED;
        List<String> rua = List.of();
        List<String> ruf = List.of();
        String fo = "0";
        String[] parts = text.split(";");
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue; // RFC 9989 §4.7: unknown or malformed tags are ignored
            }
            String tag = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = part.substring(eq + 1).strip();
            switch (tag) {
                case "p" -> {
                    pSeen = true;
                    p = Policy.of(value);
                }
                case "sp" -> sp = Policy.of(value);
                case "np" -> np = Policy.of(value);
                case "psd" -> psd = switch (value.toLowerCase(Locale.ROOT)) {
                    case "y" -> Psd.YES;
                    case "n" -> Psd.NO;
                    default -> Psd.UNKNOWN;
                };
                case "t" -> testing = value.equalsIgnoreCase("y");
                // RFC 7489 §6.3 pct: removed by RFC 9989; pct < 100 maps to t=y.
                case "pct" -> testing |= value.matches("[0-9]{1,3}") && Integer.parseInt(value) < 100;
                case "adkim" -> adkim = value.equalsIgnoreCase("s") ? Alignment.STRICT : Alignment.RELAXED;
                case "aspf" -> aspf = value.equalsIgnoreCase("s") ? Alignment.STRICT : Alignment.RELAXED;
                case "rua" -> rua = uris(value);
                case "ruf" -> ruf = uris(value);
                case "fo" -> fo = value;
                default -> {
                    // RFC 9989 §4.7: unknown tags (and RFC 7489's rf, ri) are ignored
                }
            }
        }
        // RFC 9989 §4.7 p: a missing or invalid p= makes the record unusable unless rua= is valid,
        // in which case the policy is none.
        if (p.isEmpty()) {
            if (rua.isEmpty()) {
                throw new InvalidRecord(pSeen ? "invalid p= value" : "record has no p= tag");
            }
            p = Optional.of(Policy.NONE);
        }
        return new DmarcRecord(p.get(), sp, np, psd, testing, adkim, aspf, rua, ruf, fo);
    }

    private static List<String> uris(String value) {
        List<String> out = new ArrayList<>();
        for (String u : value.split(",")) {
            String s = u.strip();
            // RFC 9989 §4.7: only mailto: URIs are defined for reports; a size limit suffix "!10m" is dropped.
            int bang = s.lastIndexOf('!');
            if (bang > 0 && s.substring(bang + 1).matches("[0-9]+[kmgt]?")) {
                s = s.substring(0, bang);
            }
            if (s.regionMatches(true, 0, "mailto:", 0, 7) && s.indexOf('@') > 7) {
                out.add("mailto:" + s.substring(7));
            }
        }
        return out;
    }

    /** The address of a mailto: URI. */
    public static String address(String mailtoUri) {
        return mailtoUri.substring("mailto:".length());
    }
}
