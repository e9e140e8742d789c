package dev.facteur.auth.arc;

import dev.facteur.auth.dkim.Canonicalization;
import dev.facteur.auth.dkim.DkimSigningKey;
import dev.facteur.auth.dkim.DkimVerifier;
import dev.facteur.auth.dkim.HeaderHashInput;
import dev.facteur.auth.dkim.TagList;
import dev.facteur.auth.message.HeaderField;
import dev.facteur.auth.message.MailMessage;
import java.security.GeneralSecurityException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Adds an ARC set to a message as an intermediary (RFC 8617 §5.1): ARC-Authentication-Results with
 * this hop's results, an ARC-Message-Signature over the message, and an ARC-Seal over the chain.
 * Tags are written in alphabetical order, one space after each ';' (the ARC test suite's format).
 */
public final class ArcSealer {

    /** Fields the AMS signs when present. */
    public static final List<String> DEFAULT_HEADERS = List.of("mime-version", "date", "from", "to", "cc", "subject",
            "message-id", "reply-to", "in-reply-to", "references", "content-type", "content-transfer-encoding",
            "dkim-signature");

    /** The outcome of sealing. */
    public sealed interface SealResult {
        /** The three header fields to prepend, in order AS, AMS, AAR, each ending in CRLF. */
        record Sealed(String headers, int instance, String cv) implements SealResult {
        }

        /** The chain cannot be extended (already 50 sets) or the key failed. */
        record Refused(String cause) implements SealResult {
        }
    }

    private final DkimSigningKey key;
    private final String authservId;
    private final InstantSource clock;
    private final List<String> headers;

    public ArcSealer(DkimSigningKey key, String authservId, InstantSource clock) {
        this(key, authservId, clock, DEFAULT_HEADERS);
    }

    public ArcSealer(DkimSigningKey key, String authservId, InstantSource clock, List<String> headers) {
        this.key = key;
        this.authservId = authservId;
        this.clock = clock;
        this.headers = headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * Seals with the given chain status (from {@link ArcVerifier}, run before this hop changed the
     * message) and this hop's Authentication-Results payload (the text after the header name).
     */
    public SealResult seal(byte[] rawMessage, ArcResult chain, String authenticationResults) {
        MailMessage m = MailMessage.parse(rawMessage);
        List<ArcSet> sets = switch (ArcSet.collect(m.headers())) {
            case ArcSet.Chain.Sets s -> s.sets();
            case ArcSet.Chain.Broken b -> List.of();
        };
        int instance = switch (chain) {
            case ArcResult.None n -> 1;
            case ArcResult.Pass p -> p.instances() + 1;
            case ArcResult.Fail f -> Math.max(f.instances(), sets.size()) + 1;
        };
        // RFC 8617 §4.2.1: no more than 50 sets.
        if (instance > ArcSet.MAX_INSTANCES) {
            return new SealResult.Refused("the chain already has " + ArcSet.MAX_INSTANCES + " ARC sets");
        }
        // RFC 8617 §5.1.2: once a seal has recorded cv=fail, no further sets are added.
        if (!sets.isEmpty() && sets.getLast().asTags().get("cv").orElse("").equals("fail")) {
            return new SealResult.Refused("the chain was already sealed as failed");
        }
        String cv = chain.keyword();
        try {
            return new SealResult.Sealed(build(m, sets, instance, cv, authenticationResults), instance, cv);
        } catch (GeneralSecurityException e) {
            return new SealResult.Refused("signing failed: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Seals using the Authentication-Results fields the message carries for our authserv-id (merged
     * in order, one result per line, as the ARC test suite specifies), validating the chain first.
     */
    public SealResult seal(byte[] rawMessage, ArcVerifier verifier) {
        MailMessage m = MailMessage.parse(rawMessage);
        return seal(rawMessage, verifier.verify(m), mergedResults(m));
    }

    private String mergedResults(MailMessage m) {
        List<String> results = new ArrayList<>();
        for (HeaderField h : m.headers("Authentication-Results")) {
            String v = h.value();
            int semi = v.indexOf(';');
            String id = (semi < 0 ? v : v.substring(0, semi)).strip();
            if (!id.equalsIgnoreCase(authservId)) {
                continue;
            }
            if (semi >= 0) {
                for (String r : v.substring(semi + 1).split(";")) {
                    String t = r.strip().replaceAll("\\s+", " ");
                    if (!t.isEmpty()) {
                        results.add(t);
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder(authservId);
        if (results.isEmpty()) {
            return sb.append("; none").toString();
        }
        for (String r : results) {
            sb.append(";\r\n\t").append(r);
        }
        return sb.toString();
    }

    private String build(MailMessage m, List<ArcSet> sets, int i, String cv, String results) throws GeneralSecurityException {
        long t = clock.instant().getEpochSecond();
        String aarText = ArcSet.AAR + ": i=" + i + "; " + results.strip() + "\r\n";
        HeaderField aar = HeaderField.of(aarText);
        List<String> signed = headers.stream().filter(name -> m.headers().stream().anyMatch(h -> h.is(name))).toList();
        byte[] bh = DkimVerifier.bodyHash(m, Canonicalization.RELAXED, Long.MAX_VALUE);
        String amsPrefix = ArcSet.AMS + ": a=" + key.algorithm().keyword() + "; b=";
        String amsRest = "; bh=" + Base64.getEncoder().encodeToString(bh) + "; c=relaxed/relaxed; d=" + key.domain()
                + "; h=" + String.join(":", signed) + "; i=" + i + "; s=" + key.selector() + "; t=" + t;
        byte[] amsData = HeaderHashInput.build(HeaderHashInput.select(m.headers(), signed),
                HeaderField.of(amsPrefix + amsRest + "\r\n"), Canonicalization.RELAXED);
        String amsB = Base64.getEncoder().encodeToString(key.algorithm().sign(key.privateKey(), amsData));
        HeaderField ams = HeaderField.of(amsPrefix + amsB + amsRest + "\r\n");
        String asPrefix = ArcSet.AS + ": a=" + key.algorithm().keyword() + "; b=";
        String asRest = "; cv=" + cv + "; d=" + key.domain() + "; i=" + i + "; s=" + key.selector() + "; t=" + t;
        List<ArcSet> chain = new ArrayList<>();
        // RFC 8617 §5.1.1: with cv=fail the seal covers only its own set, the rest being unverifiable.
        if (!cv.equals("fail")) {
            chain.addAll(sets);
        }
        HeaderField asUnsigned = HeaderField.of(asPrefix + asRest + "\r\n");
        chain.add(new ArcSet(i, aar, ams, asUnsigned, tags(ams), tags(asUnsigned)));
        String asB = Base64.getEncoder().encodeToString(key.algorithm().sign(key.privateKey(), ArcVerifier.sealInput(chain)));
        // b= stays unfolded: later seals sign this AS and the AMS relaxed-canonicalised, where a fold
        // inside b= would become a space. Fields stay under RFC 5322's 998-octet line limit.
        return asPrefix + asB + fold(asRest) + "\r\n" + amsPrefix + amsB + fold(amsRest) + "\r\n" + aarText;
    }

    private static TagList tags(HeaderField f) {
        try {
            return TagList.parse(f.rawValue());
        } catch (TagList.SyntaxException e) {
            throw new IllegalStateException("sealer wrote an unparsable header", e);
        }
    }

    /** Folds at tag boundaries: "; " becomes ";\r\n\t", which relaxed canonicalisation reads back as "; ". */
    private static String fold(String tags) {
        return tags.replace("; bh=", ";\r\n\tbh=").replace("; h=", ";\r\n\th=").replace("; cv=", ";\r\n\tcv=");
    }
}
