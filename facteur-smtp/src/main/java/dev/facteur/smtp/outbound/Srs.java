package dev.facteur.smtp.outbound;

import dev.facteur.core.mail.EmailAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Sender Rewriting Scheme (Shevek's SRS, as libsrs2 and Postfix's postsrsd implement it): when
 * we forward mail to another domain, the envelope sender is rewritten into our domain so SPF passes,
 * and bounces to the rewritten address are reversed to the original sender.
 *
 * <pre>
 * SRS0=HHHH=TT=orig-domain=orig-local@our-domain
 * SRS1=HHHH=first-hop-domain==SRS0-opaque-part@our-domain      (rewriting an SRS0 address again)
 * </pre>
 * HHHH is a keyed hash (HMAC-SHA1, base64, 4 characters, compared case-insensitively) over the
 * rest, TT the day of issue modulo 1024 in base32. Forged hashes and stale timestamps are refused,
 * so no one can use us as an open relay for bounces. The first key signs; every key verifies
 * (rotation).
 */
public final class Srs {

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int HASH_LENGTH = 4;
    private static final long DAY = 86_400;

    private final List<byte[]> keys;
    private final String domain;
    private final InstantSource clock;
    private final int maxAgeDays;

    /** The result of reversing an address. */
    public sealed interface Reversed {
        /** Not an SRS address: deliver it as usual. */
        record NotSrs() implements Reversed {
        }

        /** A genuine SRS address; bounces go to {@code address}. */
        record Valid(String address) implements Reversed {
        }

        /** A forged, stale or malformed SRS address: refuse it (550 5.1.1). */
        record Invalid(String reason) implements Reversed {
        }
    }

    /**
     * @param keys secrets, the first one used to sign; at least 16 bytes each
     * @param domain our forwarding domain, the right-hand side of rewritten addresses
     * @param maxAgeDays how long a rewritten address stays valid (libsrs2 uses 21 days)
     */
    public Srs(List<byte[]> keys, String domain, InstantSource clock, int maxAgeDays) {
        if (keys.isEmpty() || keys.stream().anyMatch(k -> k.length < 16)) {
            throw new IllegalArgumentException("SRS needs at least one secret of 16 bytes or more");
        }
        if (maxAgeDays < 1 || maxAgeDays > 1000) {
            throw new IllegalArgumentException("SRS maximum age must be 1 to 1000 days");
        }
        this.keys = keys.stream().map(byte[]::clone).toList();
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.clock = clock;
        this.maxAgeDays = maxAgeDays;
    }

    /** The envelope sender to use when forwarding mail from {@code sender}, in our forwarding domain. */
    public String forward(EmailAddress sender) {
        return forward(sender, domain);
    }

    /**
     * The envelope sender to use when forwarding mail from {@code sender} through an alias of
     * {@code via} (one of our domains, so that bounces come back to us and SPF passes for it).
     * Never called for the null sender: a bounce is forwarded with {@code <>} (RFC 5321 §4.5.5).
     */
    public String forward(EmailAddress sender, String via) {
        String ourDomain = via.toLowerCase(Locale.ROOT);
        String local = sender.localPart();
        String upper = local.toUpperCase(Locale.ROOT);
        if (upper.startsWith("SRS0") && local.length() > 4 && isSeparator(local.charAt(4))) {
            // SRS1 from an SRS0: keep the first hop's opaque part, prefix its domain.
            String opaque = local.substring(5);
            String first = sender.domain().name();
            return "SRS1=" + hash(first, "=" + opaque) + "=" + first + "==" + opaque + "@" + ourDomain;
        }
        if (upper.startsWith("SRS1") && local.length() > 4 && isSeparator(local.charAt(4))) {
            // Re-forwarding an SRS1: only the hash changes, over the same first-hop data.
            String[] parts = local.substring(5).split("=", 3);
            if (parts.length == 3) {
                return "SRS1=" + hash(parts[1], parts[2]) + "=" + parts[1] + "=" + parts[2] + "@" + ourDomain;
            }
        }
        String stamp = timestamp(clock.instant().getEpochSecond() / DAY);
        String host = sender.domain().name();
        return "SRS0=" + hash(stamp, host, local) + "=" + stamp + "=" + host + "=" + local + "@" + ourDomain;
    }

    /** True if {@code local} has the shape of an SRS local part (SRS0 or SRS1 and a separator). */
    public static boolean isSrs(String local) {
        String upper = local.toUpperCase(Locale.ROOT);
        return local.length() > 4 && isSeparator(local.charAt(4)) && (upper.startsWith("SRS0") || upper.startsWith("SRS1"));
    }

    /** Reverses an address that a bounce was sent to, if it is at our forwarding domain. */
    public Reversed reverse(EmailAddress recipient) {
        if (!recipient.domain().name().equals(domain)) {
            return new Reversed.NotSrs();
        }
        return reverseAtOurDomain(recipient);
    }

    /**
     * Reverses an address whose domain the caller has checked is one of ours (the hash covers the
     * original sender, not our domain, so an address issued for one of our domains holds for all).
     */
    public Reversed reverseAtOurDomain(EmailAddress recipient) {
        String local = recipient.localPart();
        if (!isSrs(local)) {
            return new Reversed.NotSrs();
        }
        String rest = local.substring(5);
        return local.toUpperCase(Locale.ROOT).startsWith("SRS0") ? reverse0(rest) : reverse1(rest);
    }

    private Reversed reverse0(String rest) {
        String[] p = rest.split("=", 4);
        if (p.length != 4 || p[0].length() != HASH_LENGTH || p[1].length() != 2 || p[2].isEmpty() || p[3].isEmpty()) {
            return new Reversed.Invalid("malformed SRS0 address");
        }
        if (!verify(p[0], p[1], p[2], p[3])) {
            return new Reversed.Invalid("SRS hash does not verify");
        }
        if (!fresh(p[1])) {
            return new Reversed.Invalid("SRS address has expired");
        }
        return new Reversed.Valid(p[3] + "@" + p[2]);
    }

    private Reversed reverse1(String rest) {
        String[] p = rest.split("=", 3);
        if (p.length != 3 || p[0].length() != HASH_LENGTH || p[1].isEmpty() || !p[2].startsWith("=")) {
            return new Reversed.Invalid("malformed SRS1 address");
        }
        if (!verify(p[0], p[1], p[2])) {
            return new Reversed.Invalid("SRS hash does not verify");
        }
        // The bounce goes back to the first forwarder, as the SRS0 address it issued.
        return new Reversed.Valid("SRS0" + p[2] + "@" + p[1]);
    }

    private boolean fresh(String stamp) {
        long issued = decode(stamp);
        if (issued < 0) {
            return false;
        }
        long today = clock.instant().getEpochSecond() / DAY % 1024;
        long age = (today - issued + 1024) % 1024;
        return age <= maxAgeDays;
    }

    private static String timestamp(long day) {
        int t = (int) (day % 1024);
        return "" + BASE32.charAt(t >> 5) + BASE32.charAt(t & 31);
    }

    private static long decode(String stamp) {
        int hi = BASE32.indexOf(Character.toUpperCase(stamp.charAt(0)));
        int lo = BASE32.indexOf(Character.toUpperCase(stamp.charAt(1)));
        return hi < 0 || lo < 0 ? -1 : hi * 32L + lo;
    }

    private String hash(String... parts) {
        return hash(keys.getFirst(), parts);
    }

    private boolean verify(String given, String... parts) {
        byte[] g = given.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        for (byte[] key : keys) {
            // Case-insensitive: some MTAs fold the case of local parts.
            byte[] expected = hash(key, parts).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(g, expected)) {
                return true;
            }
        }
        return false;
    }

    private static String hash(byte[] key, String... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            for (String p : parts) {
                mac.update(p.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            }
            return Base64.getEncoder().encodeToString(mac.doFinal()).substring(0, HASH_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is always present", e);
        }
    }

    private static boolean isSeparator(char c) {
        return c == '=' || c == '-' || c == '+';
    }

    /** Loads the SRS secret from the store's settings, creating a random one on first use. */
    public static byte[] secret(dev.facteur.store.Settings settings) {
        String key = "srs.secret";
        Optional<String> existing = settings.get(key);
        if (existing.isPresent()) {
            return Base64.getDecoder().decode(existing.get());
        }
        byte[] fresh = new byte[32];
        new java.security.SecureRandom().nextBytes(fresh);
        settings.put(key, Base64.getEncoder().encodeToString(fresh));
        return settings.get(key).map(Base64.getDecoder()::decode).orElse(fresh);
    }
}
