package dev.facteur.core.mail;

import java.net.IDN;
import java.util.Locale;

/**
 * A DNS domain name as mail uses it, kept in its ASCII form (A-labels, lower case,
 * no trailing dot). {@link #unicode()} gives the U-label form for display and SMTPUTF8.
 */
public record Domain(String name) implements Comparable<Domain> {

    public Domain {
        name = normalise(name);
    }

    /** Parses a domain given in ASCII or Unicode form; throws {@link IllegalArgumentException} if invalid. */
    public static Domain of(String text) {
        return new Domain(text);
    }

    private static String normalise(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty domain");
        }
        String s = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        String ascii;
        try {
            // RFC 5890: IDNs travel as A-labels; toASCII also applies the length limits per label.
            ascii = IDN.toASCII(s, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid domain: " + printable(text));
        }
        // RFC 1035 §2.3.4: a name is at most 255 octets on the wire, 253 in text form.
        if (ascii.isEmpty() || ascii.length() > 253) {
            throw new IllegalArgumentException("invalid domain length: " + printable(text));
        }
        for (String label : ascii.split("\\.", -1)) {
            // RFC 5321 §4.1.2 (sub-domain = Let-dig [Ldh-str]); RFC 1035 §2.3.4: labels of 1 to 63 octets.
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                throw new IllegalArgumentException("invalid domain: " + printable(text));
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                    throw new IllegalArgumentException("invalid domain: " + printable(text));
                }
            }
        }
        return ascii;
    }

    /** The Unicode (U-label) form, for display and for SMTPUTF8 sessions. */
    public String unicode() {
        return IDN.toUnicode(name, IDN.ALLOW_UNASSIGNED);
    }

    /** True if this domain is {@code other} or a sub-domain of it. */
    public boolean isWithin(Domain other) {
        return name.equals(other.name) || name.endsWith("." + other.name);
    }

    @Override
    public int compareTo(Domain o) {
        return name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return name;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 80));
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
