package dev.facteur.auth.dkim;

import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.message.HeaderField;
import dev.facteur.auth.message.MailMessage;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Verifies the DKIM-Signature header fields of a message (RFC 6376 §6.1). Thread-safe. */
public final class DkimVerifier {

    /** At most this many signatures are checked per message (RFC 6376 §6.1 lets verifiers limit them). */
    public static final int MAX_SIGNATURES = 10;

    /**
     * @param honourLengthTag use l= (RFC 6376 §3.5) instead of hashing the whole body; off by default
     *                        because content appended past l= would pass unseen (RFC 6376 §8.2)
     * @param clockSkew       tolerance for t= in the future and x= in the past
     */
    public record Options(boolean honourLengthTag, Duration clockSkew) {
        public static Options defaults() {
            return new Options(false, Duration.ofMinutes(5));
        }
    }

    private final KeyFetcher keys;
    private final InstantSource clock;
    private final Options options;

    public DkimVerifier(DnsResolver dns, InstantSource clock) {
        this(dns, clock, Options.defaults());
    }

    public DkimVerifier(DnsResolver dns, InstantSource clock, Options options) {
        this.keys = new KeyFetcher(dns);
        this.clock = clock;
        this.options = options;
    }

    /** One result per DKIM-Signature (top first); an empty list means the message is unsigned. */
    public List<DkimResult> verify(MailMessage message) {
        List<DkimResult> results = new ArrayList<>();
        Map<String, byte[]> bodyHashes = new HashMap<>();
        for (HeaderField f : message.headers("DKIM-Signature")) {
            if (results.size() == MAX_SIGNATURES) {
                break;
            }
            results.add(verify(message, f, bodyHashes));
        }
        return results;
    }

    /** Verifies one signature field of the message. */
    public DkimResult verify(MailMessage message, HeaderField signatureField) {
        return verify(message, signatureField, new HashMap<>());
    }

    private DkimResult verify(MailMessage message, HeaderField field, Map<String, byte[]> bodyHashes) {
        try {
            DkimSignature sig;
            try {
                sig = DkimSignature.parse(field);
            } catch (DkimSignature.InvalidSignature e) {
                return new DkimResult.PermError(e.info, e.getMessage());
            }
            return check(message, sig, bodyHashes);
        } catch (RuntimeException e) {
            // Issue item 7: hostile input never escapes as an exception.
            return new DkimResult.PermError(DkimResult.Info.UNKNOWN, "unverifiable signature: " + e.getClass().getSimpleName());
        }
    }

    private DkimResult check(MailMessage message, DkimSignature sig, Map<String, byte[]> bodyHashes) {
        DkimResult.Info info = sig.info();
        long now = clock.instant().getEpochSecond();
        long skew = options.clockSkew().toSeconds();
        // RFC 6376 §3.5 x=: a signature past its expiry is not valid.
        if (sig.expiry().isPresent() && sig.expiry().get() + skew < now) {
            return new DkimResult.Fail(info, "signature expired");
        }
        // RFC 6376 §3.5 t=: a timestamp in the future may be treated as invalid.
        if (sig.timestamp().isPresent() && sig.timestamp().get() > now + skew) {
            return new DkimResult.Neutral(info, "signature timestamp in the future");
        }
        DkimKeyRecord key;
        switch (keys.fetch(sig.selector(), sig.domain())) {
            case KeyFetcher.Outcome.Found f -> key = f.key();
            // RFC 6376 §6.1.2: a DNS failure is TEMPFAIL; no key or a bad key is PERMFAIL.
            case KeyFetcher.Outcome.Temporary t -> {
                return new DkimResult.TempError(info, t.cause());
            }
            case KeyFetcher.Outcome.Permanent p -> {
                return new DkimResult.PermError(info, p.cause());
            }
        }
        DkimResult refused = refuse(sig, key);
        if (refused != null) {
            return refused;
        }
        String cacheKey = sig.bodyCanon() + "/" + limit(sig, message);
        byte[] bh = bodyHashes.computeIfAbsent(cacheKey, k -> bodyHash(message, sig.bodyCanon(), limit(sig, message)));
        if (!MessageDigest.isEqual(bh, sig.bodyHash())) {
            return new DkimResult.Fail(info, "body hash mismatch");
        }
        List<HeaderField> signed = HeaderHashInput.select(message.headers(), sig.signedHeaders());
        byte[] data = HeaderHashInput.build(signed, sig.field(), sig.headerCanon());
        if (!sig.algorithm().verify(key.publicKey(), data, sig.signature())) {
            return new DkimResult.Fail(info, "signature does not verify");
        }
        return new DkimResult.Pass(info, key.keyBits(), key.testing());
    }

    /** Key checks of RFC 6376 §6.1.2 and RFC 8301; null when the key may be used. */
    private static DkimResult refuse(DkimSignature sig, DkimKeyRecord key) {
        DkimResult.Info info = sig.info();
        if (!key.keyType().equals(sig.algorithm().keyType())) {
            return new DkimResult.PermError(info, "key type " + key.keyType() + " does not match a=" + sig.algorithm().keyword());
        }
        if (!key.acceptsSha256()) {
            return new DkimResult.PermError(info, "key h= does not allow sha256");
        }
        if (!key.servesEmail()) {
            return new DkimResult.PermError(info, "key s= does not include email");
        }
        // RFC 6376 §3.6.1 t=s: the i= domain must be exactly d=.
        if (key.strict() && !sig.identityDomain().equals(sig.domain())) {
            return new DkimResult.PermError(info, "key t=s forbids a sub-domain i=");
        }
        return null;
    }

    private long limit(DkimSignature sig, MailMessage message) {
        return options.honourLengthTag() && sig.length().isPresent() ? sig.length().get() : Long.MAX_VALUE;
    }

    /** The body hash for a canonicalisation and length limit (RFC 6376 §3.7). */
    public static byte[] bodyHash(MailMessage message, Canonicalization canon, long limit) {
        MessageDigest md = DkimAlgorithm.sha256();
        canon.hashBody(message.bytes(), message.bodyOffset(), message.bodyLength(), limit, md);
        return md.digest();
    }
}
