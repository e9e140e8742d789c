package dev.facteur.auth.arc;

import dev.facteur.auth.dkim.Canonicalization;
import dev.facteur.auth.dkim.DkimAlgorithm;
import dev.facteur.auth.dkim.DkimKeyRecord;
import dev.facteur.auth.dkim.DkimVerifier;
import dev.facteur.auth.dkim.HeaderHashInput;
import dev.facteur.auth.dkim.KeyFetcher;
import dev.facteur.auth.dkim.TagList;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.message.HeaderField;
import dev.facteur.auth.message.MailMessage;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Validates a message's ARC chain (RFC 8617 §5.2). Thread-safe; never throws for an outcome. */
public final class ArcVerifier {

    private final KeyFetcher keys;

    public ArcVerifier(DnsResolver dns) {
        this.keys = new KeyFetcher(dns);
    }

    /** Thrown inside validation to end it with cv=fail. */
    private static final class Broken extends Exception {
        Broken(String message) {
            super(message, null, false, false);
        }
    }

    public ArcResult verify(MailMessage message) {
        try {
            return switch (ArcSet.collect(message.headers())) {
                case ArcSet.Chain.Broken b -> new ArcResult.Fail(b.instances(), b.cause());
                case ArcSet.Chain.Sets s -> s.sets().isEmpty() ? new ArcResult.None() : validate(message, s.sets());
            };
        } catch (RuntimeException e) {
            return new ArcResult.Fail(0, "unverifiable ARC chain: " + e.getClass().getSimpleName());
        }
    }

    private ArcResult validate(MailMessage message, List<ArcSet> sets) {
        int n = sets.size();
        try {
            for (ArcSet set : sets) {
                String cv = required(set.asTags(), "cv", "ARC-Seal");
                // RFC 8617 §5.2 step 2: instance 1 has cv=none, later ones cv=pass; any cv=fail ends the chain.
                String expected = set.instance() == 1 ? "none" : "pass";
                if (!cv.equals(expected)) {
                    return new ArcResult.Fail(n, "ARC-Seal i=" + set.instance() + " has cv=" + cv);
                }
            }
            // RFC 8617 §5.2 step 3: the most recent AMS must verify.
            verifyAms(message, sets.getLast());
            // RFC 8617 §5.2 step 5: every AS, newest first.
            for (int i = n; i >= 1; i--) {
                verifySeal(sets, i);
            }
            return new ArcResult.Pass(n, sets.getLast().asTags().get("d").orElse(""));
        } catch (Broken b) {
            return new ArcResult.Fail(n, b.getMessage());
        }
    }

    private static String required(TagList tags, String tag, String header) throws Broken {
        Optional<String> v = tags.get(tag);
        if (v.isEmpty() || v.get().isEmpty()) {
            throw new Broken(header + " lacks " + tag + "=");
        }
        return v.get();
    }

    private static void checkTimestamp(TagList tags, String header) throws Broken {
        Optional<String> t = tags.get("t");
        if (t.isPresent() && !t.get().matches("[0-9]{1,12}")) {
            throw new Broken(header + " has a bad t=");
        }
    }

    private DkimKeyRecord key(TagList tags, String header) throws Broken {
        String d = required(tags, "d", header);
        String s = required(tags, "s", header);
        return switch (keys.fetch(s, d)) {
            case KeyFetcher.Outcome.Found f -> f.key();
            case KeyFetcher.Outcome.Temporary t -> throw new Broken(header + " key: " + t.cause());
            case KeyFetcher.Outcome.Permanent p -> throw new Broken(header + " key: " + p.cause());
        };
    }

    private static DkimAlgorithm algorithm(TagList tags, String header) throws Broken {
        String a = required(tags, "a", header);
        // RFC 8617 §4.1.3 and RFC 8301 §3.1: rsa-sha256 (and RFC 8463 ed25519-sha256); rsa-sha1 is refused.
        return DkimAlgorithm.of(a).orElseThrow(() -> new Broken(header + " uses unsupported a=" + a));
    }

    private static byte[] base64(TagList tags, String tag, String header) throws Broken {
        String v = required(tags, tag, header).replaceAll("[ \\t\\r\\n]", "");
        try {
            return Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new Broken(header + " " + tag + "= is not base64");
        }
    }

    private void verifyAms(MailMessage message, ArcSet set) throws Broken {
        String header = "ARC-Message-Signature i=" + set.instance();
        TagList tags = set.amsTags();
        DkimAlgorithm alg = algorithm(tags, header);
        byte[] b = base64(tags, "b", header);
        byte[] bh = base64(tags, "bh", header);
        checkTimestamp(tags, header);
        if (!tags.has("h")) {
            throw new Broken(header + " lacks h=");
        }
        List<String> h = Arrays.stream(tags.get("h").orElseThrow().split(":")).map(x -> x.replaceAll("[ \\t\\r\\n]", ""))
                .filter(x -> !x.isEmpty()).toList();
        // RFC 8617 §4.1.2: ARC-Seal fields MUST NOT be signed by the AMS.
        if (h.stream().anyMatch(x -> x.equalsIgnoreCase(ArcSet.AS))) {
            throw new Broken(header + " signs ARC-Seal");
        }
        Canonicalization hc;
        Canonicalization bc;
        try {
            // Deviation: RFC 8617 §4.1.2 inherits DKIM's simple/simple default for a missing c=; the ARC
            // test suite, dkimpy and OpenARC read it as relaxed/relaxed, the only form ARC sealers emit.
            String[] c = tags.get("c").orElse("relaxed/relaxed").split("/", -1);
            if (c.length > 2) {
                throw new IllegalArgumentException("c=");
            }
            hc = Canonicalization.of(c[0]);
            bc = c.length > 1 ? Canonicalization.of(c[1]) : Canonicalization.SIMPLE;
        } catch (IllegalArgumentException e) {
            throw new Broken(header + " has a bad c=");
        }
        DkimKeyRecord key = key(tags, header);
        checkKey(key, alg, header);
        byte[] computed = DkimVerifier.bodyHash(message, bc, Long.MAX_VALUE);
        if (!MessageDigest.isEqual(computed, bh)) {
            throw new Broken(header + " body hash mismatch");
        }
        byte[] data = HeaderHashInput.build(HeaderHashInput.select(message.headers(), h), set.ams(), hc);
        if (!alg.verify(key.publicKey(), data, b)) {
            throw new Broken(header + " signature does not verify");
        }
    }

    private static void checkKey(DkimKeyRecord key, DkimAlgorithm alg, String header) throws Broken {
        if (!key.keyType().equals(alg.keyType())) {
            throw new Broken(header + " key type does not match a=");
        }
        if (!key.acceptsSha256() || !key.servesEmail()) {
            throw new Broken(header + " key refuses this use");
        }
    }

    private void verifySeal(List<ArcSet> sets, int instance) throws Broken {
        ArcSet set = sets.get(instance - 1);
        String header = "ARC-Seal i=" + instance;
        TagList tags = set.asTags();
        // RFC 8617 §4.1.3: the AS has no h= tag.
        if (tags.has("h")) {
            throw new Broken(header + " has an h= tag");
        }
        DkimAlgorithm alg = algorithm(tags, header);
        byte[] b = base64(tags, "b", header);
        checkTimestamp(tags, header);
        DkimKeyRecord key = key(tags, header);
        checkKey(key, alg, header);
        if (!alg.verify(key.publicKey(), sealInput(sets.subList(0, instance)), b)) {
            throw new Broken(header + " signature does not verify");
        }
    }

    /**
     * RFC 8617 §5.1.1: the AS signs, in ascending instance order, each set's AAR, AMS and AS, relaxed
     * canonicalised, the last AS with an empty b= and no final CRLF.
     */
    static byte[] sealInput(List<ArcSet> sets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < sets.size(); i++) {
            ArcSet s = sets.get(i);
            out.writeBytes(Canonicalization.RELAXED.header(s.aar()));
            out.writeBytes(Canonicalization.RELAXED.header(s.ams()));
            if (i < sets.size() - 1) {
                out.writeBytes(Canonicalization.RELAXED.header(s.as()));
            } else {
                byte[] last = Canonicalization.RELAXED.header(HeaderHashInput.withoutSignatureValue(s.as().raw()));
                out.write(last, 0, last.length - 2);
            }
        }
        return out.toByteArray();
    }
}
