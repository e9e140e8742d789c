package dev.facteur.smtp.client;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a server offered in its EHLO reply (RFC 5321 §4.1.1.1): one keyword per line after the
 * first, with parameters.
 *
 * @param maxSize RFC 1870 SIZE limit when given and non-zero
 * @param authMechanisms RFC 4954 AUTH mechanisms, upper case
 */
public record EhloCapabilities(String serverName, boolean pipelining, boolean sizeOffered, OptionalLong maxSize,
                               boolean eightBitMime, boolean smtpUtf8, boolean chunking, boolean dsn,
                               boolean startTls, boolean requireTls, boolean enhancedStatusCodes,
                               Set<String> authMechanisms) {

    public EhloCapabilities {
        authMechanisms = Set.copyOf(authMechanisms);
    }

    /** What a server that answered HELO (or nothing) offers: none of the extensions. */
    public static EhloCapabilities none(String serverName) {
        return new EhloCapabilities(serverName, false, false, OptionalLong.empty(), false, false, false, false,
                false, false, false, Set.of());
    }

    /** Parses a positive EHLO reply. Unknown keywords are ignored; malformed parameters are treated as absent. */
    public static EhloCapabilities parse(SmtpReply ehlo) {
        String first = ehlo.lines().getFirst();
        String serverName = first.isBlank() ? "" : first.strip().split(" ", 2)[0];
        boolean pipelining = false, size = false, eight = false, utf8 = false, chunking = false, dsn = false;
        boolean tls = false, requireTls = false, enhanced = false;
        OptionalLong max = OptionalLong.empty();
        Set<String> auth = new TreeSet<>();
        for (String line : ehlo.lines().subList(1, ehlo.lines().size())) {
            String[] words = line.strip().split("[ =]+");
            String keyword = words[0].toUpperCase(Locale.ROOT);
            switch (keyword) {
                case "PIPELINING" -> pipelining = true;          // RFC 2920
                case "SIZE" -> {                                 // RFC 1870 §4
                    size = true;
                    max = words.length > 1 ? parseSize(words[1]) : OptionalLong.empty();
                }
                case "8BITMIME" -> eight = true;                 // RFC 6152
                case "SMTPUTF8" -> utf8 = true;                  // RFC 6531
                case "CHUNKING" -> chunking = true;              // RFC 3030
                case "DSN" -> dsn = true;                        // RFC 3461
                case "STARTTLS" -> tls = true;                   // RFC 3207
                case "REQUIRETLS" -> requireTls = true;          // RFC 8689 §4
                case "ENHANCEDSTATUSCODES" -> enhanced = true;   // RFC 2034
                case "AUTH" -> {                                 // RFC 4954 §3
                    for (int i = 1; i < words.length; i++) {
                        auth.add(words[i].toUpperCase(Locale.ROOT));
                    }
                }
                default -> { }
            }
        }
        return new EhloCapabilities(serverName, pipelining, size, max, eight, utf8, chunking, dsn, tls, requireTls,
                enhanced, auth);
    }

    private static OptionalLong parseSize(String digits) {
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        long n = Long.parseLong(digits);
        // RFC 1870 §4: zero means no fixed maximum.
        return n == 0 ? OptionalLong.empty() : OptionalLong.of(n);
    }
}
