package dev.facteur.core.mail;

import java.util.Locale;

/**
 * A mailbox address: local part and domain, as in an SMTP envelope (RFC 5321 §4.1.2
 * {@code Mailbox}) with the internationalised local parts of RFC 6531.
 *
 * <p>The local part is kept exactly as given (it is case-sensitive on the wire, RFC 5321
 * §2.4); {@link #canonical()} folds it for lookups. A quoted local part is kept with its
 * quotes removed and its escapes resolved, so {@code "a b"@x} has local part {@code a b}.
 */
public record EmailAddress(String localPart, Domain domain) {

    /** RFC 5321 §4.5.3.1.1: the local part is at most 64 octets. */
    public static final int MAX_LOCAL_PART_OCTETS = 64;
    /** RFC 5321 §4.5.3.1.3: a path is at most 256 octets including the angle brackets. */
    public static final int MAX_ADDRESS_OCTETS = 254;

    public EmailAddress {
        if (localPart == null || localPart.isEmpty()) {
            throw new IllegalArgumentException("empty local part");
        }
        if (localPart.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LOCAL_PART_OCTETS) {
            throw new IllegalArgumentException("local part longer than 64 octets");
        }
        for (int i = 0; i < localPart.length(); i++) {
            char c = localPart.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("control character in local part");
            }
        }
        if (domain == null) {
            throw new IllegalArgumentException("missing domain");
        }
    }

    /**
     * Parses {@code local@domain} (no angle brackets). Accepts dot-atoms and quoted strings
     * (RFC 5321 §4.1.2) with UTF-8 (RFC 6531 §3.3); rejects source routes, IP literals and
     * anything else that is not a plain mailbox.
     */
    public static EmailAddress parse(String text) {
        return AddressParser.parseMailbox(text);
    }

    /** True if the address needs SMTPUTF8 to travel (a non-ASCII local part or domain). */
    public boolean needsUtf8() {
        for (int i = 0; i < localPart.length(); i++) {
            if (localPart.charAt(i) > 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** The form used as a lookup key: local part lower-cased, domain in A-labels. */
    public String canonical() {
        return localPart.toLowerCase(Locale.ROOT) + "@" + domain.name();
    }

    /** The address as written in an SMTP path, quoting the local part where needed. */
    @Override
    public String toString() {
        return AddressParser.formatLocalPart(localPart) + "@" + domain.name();
    }
}
