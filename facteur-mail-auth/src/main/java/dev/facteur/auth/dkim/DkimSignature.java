package dev.facteur.auth.dkim;

import dev.facteur.auth.message.HeaderField;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A parsed DKIM-Signature header field (RFC 6376 §3.5). */
public record DkimSignature(HeaderField field, DkimAlgorithm algorithm, byte[] signature, byte[] bodyHash,
                            Canonicalization headerCanon, Canonicalization bodyCanon, String domain,
                            List<String> signedHeaders, String identity, Optional<Long> length, String selector,
                            Optional<Long> timestamp, Optional<Long> expiry, DkimResult.Info info) {

    public DkimSignature {
        signedHeaders = List.copyOf(signedHeaders);
    }

    /** A signature that cannot be used; its result is permerror (or fail, for RFC 8301 algorithms). */
    public static final class InvalidSignature extends Exception {
        final DkimResult.Info info;

        InvalidSignature(String message, DkimResult.Info info) {
            super(message, null, false, false);
            this.info = info;
        }
    }

    public static DkimSignature parse(HeaderField field) throws InvalidSignature {
        TagList tags;
        try {
            tags = TagList.parse(field.rawValue());
        } catch (TagList.SyntaxException e) {
            throw new InvalidSignature("signature syntax: " + e.getMessage(), DkimResult.Info.UNKNOWN);
        }
        String d = tags.get("d").orElse("").toLowerCase(Locale.ROOT);
        String s = tags.get("s").orElse("");
        String b = tags.compact("b").orElse("");
        DkimResult.Info info = new DkimResult.Info(d, s, tags.get("i").orElse("@" + d), b.length() > 8 ? b.substring(0, 8) : b,
                tags.get("a").orElse(""));
        // RFC 6376 §3.5: v, a, b, bh, d, h and s are required.
        for (String required : List.of("v", "a", "b", "bh", "d", "h", "s")) {
            if (!tags.has(required)) {
                throw new InvalidSignature("signature lacks " + required + "=", info);
            }
        }
        if (!tags.get("v").orElseThrow().equals("1")) {
            throw new InvalidSignature("unsupported signature version v=" + tags.get("v").orElseThrow(), info);
        }
        String a = tags.get("a").orElseThrow();
        DkimAlgorithm alg = DkimAlgorithm.of(a).orElseThrow(() -> new InvalidSignature(
                a.equalsIgnoreCase("rsa-sha1") ? "rsa-sha1 is not accepted (RFC 8301 §3.1)" : "unknown algorithm " + a, info));
        return build(field, tags, alg, info, d, s);
    }

    private static DkimSignature build(HeaderField field, TagList tags, DkimAlgorithm alg, DkimResult.Info info,
                                       String d, String s) throws InvalidSignature {
        byte[] sig = base64(tags.compact("b").orElseThrow(), "b", info);
        byte[] bh = base64(tags.compact("bh").orElseThrow(), "bh", info);
        String[] c = tags.get("c").orElse("simple/simple").split("/", -1);
        Canonicalization hc;
        Canonicalization bc;
        try {
            hc = Canonicalization.of(c[0].strip());
            // RFC 6376 §3.5 c=: a missing body algorithm means simple.
            bc = c.length > 1 ? Canonicalization.of(c[1].strip()) : Canonicalization.SIMPLE;
            if (c.length > 2) {
                throw new IllegalArgumentException("c= has more than two parts");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidSignature("bad c= value", info);
        }
        List<String> h = Arrays.stream(tags.get("h").orElseThrow().split(":")).map(TagList::withoutWhitespace)
                .toList();
        // RFC 6376 §5.4: From MUST be signed.
        if (h.stream().noneMatch(x -> x.equalsIgnoreCase("from"))) {
            throw new InvalidSignature("h= does not include From", info);
        }
        if (h.stream().anyMatch(String::isEmpty)) {
            throw new InvalidSignature("empty name in h=", info);
        }
        String i = tags.get("i").orElse("@" + d);
        int at = i.lastIndexOf('@');
        String iDomain = at < 0 ? "" : i.substring(at + 1).toLowerCase(Locale.ROOT);
        // RFC 6376 §3.5 i=: the identity's domain is d= or a sub-domain of it.
        if (at < 0 || !(iDomain.equals(d) || iDomain.endsWith("." + d))) {
            throw new InvalidSignature("i= is not within d=", info);
        }
        if (d.isEmpty() || s.isEmpty()) {
            throw new InvalidSignature("empty d= or s=", info);
        }
        Optional<Long> l = number(tags, "l", info);
        Optional<Long> t = number(tags, "t", info);
        Optional<Long> x = number(tags, "x", info);
        // RFC 6376 §3.5 x=: the expiry is after the timestamp.
        if (t.isPresent() && x.isPresent() && x.get() < t.get()) {
            throw new InvalidSignature("x= is before t=", info);
        }
        return new DkimSignature(field, alg, sig, bh, hc, bc, d, h, i, l, s, t, x, info);
    }

    private static byte[] base64(String v, String tag, DkimResult.Info info) throws InvalidSignature {
        try {
            return Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidSignature(tag + "= is not valid base64", info);
        }
    }

    private static Optional<Long> number(TagList tags, String tag, DkimResult.Info info) throws InvalidSignature {
        Optional<String> v = tags.get(tag);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        // RFC 6376 §3.5: l= is at most 76 digits, t= and x= at most 12; we accept what fits in a long.
        if (v.get().isEmpty() || v.get().length() > 18 || !v.get().chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidSignature("bad " + tag + "= value", info);
        }
        return Optional.of(Long.parseLong(v.get()));
    }

    /** The domain part of i=. */
    public String identityDomain() {
        return identity.substring(identity.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DkimSignature other && other.field.equals(field);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(field.raw());
    }
}
