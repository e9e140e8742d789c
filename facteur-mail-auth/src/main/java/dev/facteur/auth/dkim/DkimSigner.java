package dev.facteur.auth.dkim;

import dev.facteur.auth.message.HeaderField;
import dev.facteur.auth.message.MailMessage;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Signs messages with one or more keys (RFC 6376 §5), e.g. an RSA-2048 and an Ed25519 key for the
 * same domain (RFC 8463 §5 recommends both during the transition). Each signature covers the
 * message as given, not the other signatures. Thread-safe.
 */
public final class DkimSigner {

    /** Fields signed when present (RFC 6376 §5.4.1's list of fields to sign). */
    public static final List<String> DEFAULT_HEADERS = List.of("from", "reply-to", "subject", "date", "to", "cc",
            "message-id", "in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding",
            "content-disposition", "list-id", "list-unsubscribe", "list-unsubscribe-post", "sender", "resent-from");

    /** Fields signed once more than they occur, so that none can be added (RFC 6376 §8.15). */
    public static final Set<String> OVERSIGNED = Set.of("from", "subject", "to", "cc", "date", "reply-to");

    /** Options: header list, canonicalisations, and an optional validity period for x=. */
    public record Options(List<String> headers, Canonicalization headerCanon, Canonicalization bodyCanon,
                          Optional<Duration> validity) {
        public Options {
            headers = headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
            if (!headers.contains("from")) {
                throw new IllegalArgumentException("From must be signed (RFC 6376 §5.4)");
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_HEADERS, Canonicalization.RELAXED, Canonicalization.RELAXED, Optional.empty());
        }
    }

    private final List<DkimSigningKey> keys;
    private final InstantSource clock;
    private final Options options;

    public DkimSigner(List<DkimSigningKey> keys, InstantSource clock) {
        this(keys, clock, Options.defaults());
    }

    public DkimSigner(List<DkimSigningKey> keys, InstantSource clock, Options options) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one key is needed");
        }
        this.keys = List.copyOf(keys);
        this.clock = clock;
        this.options = options;
    }

    /**
     * The DKIM-Signature header fields for the message, one per key, each ending in CRLF; prepend them
     * to the message in order.
     */
    public String sign(byte[] rawMessage) throws GeneralSecurityException {
        MailMessage m = MailMessage.parse(rawMessage);
        StringBuilder out = new StringBuilder();
        for (DkimSigningKey key : keys) {
            out.append(sign(m, key));
        }
        return out.toString();
    }

    /** The message with the signatures prepended. */
    public byte[] signedMessage(byte[] rawMessage) throws GeneralSecurityException {
        byte[] sigs = sign(rawMessage).getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[sigs.length + rawMessage.length];
        System.arraycopy(sigs, 0, out, 0, sigs.length);
        System.arraycopy(rawMessage, 0, out, sigs.length, rawMessage.length);
        return out;
    }

    private String sign(MailMessage m, DkimSigningKey key) throws GeneralSecurityException {
        List<String> names = headerList(m);
        byte[] bh = DkimVerifier.bodyHash(m, options.bodyCanon(), Long.MAX_VALUE);
        long now = clock.instant().getEpochSecond();
        StringBuilder h = new StringBuilder("DKIM-Signature: v=1; a=").append(key.algorithm().keyword())
                .append("; c=").append(options.headerCanon().keyword()).append('/').append(options.bodyCanon().keyword())
                .append(";\r\n\td=").append(key.domain()).append("; s=").append(key.selector())
                .append("; t=").append(now);
        options.validity().ifPresent(v -> h.append("; x=").append(now + v.toSeconds()));
        h.append(";\r\n\th=").append(fold(String.join(":", names), ':')).append(";\r\n\tbh=")
                .append(Base64.getEncoder().encodeToString(bh)).append(";\r\n\tb=");
        HeaderField unsigned = HeaderField.of(h + "\r\n");
        List<HeaderField> signed = HeaderHashInput.select(m.headers(), names);
        byte[] data = HeaderHashInput.build(signed, unsigned, options.headerCanon());
        byte[] signature = key.algorithm().sign(key.privateKey(), data);
        return h.append(fold(Base64.getEncoder().encodeToString(signature), '\0')).append("\r\n").toString();
    }

    private List<String> headerList(MailMessage m) {
        List<String> names = new ArrayList<>();
        Set<String> present = new LinkedHashSet<>();
        for (HeaderField f : m.headers()) {
            present.add(f.lowerName());
        }
        for (String name : options.headers()) {
            long count = m.headers().stream().filter(f -> f.is(name)).count();
            long times = count + (OVERSIGNED.contains(name) ? 1 : 0);
            if (name.equals("from") && count == 0) {
                times = 1;
            }
            for (long i = 0; i < times && (present.contains(name) || name.equals("from")); i++) {
                names.add(name);
            }
        }
        return names;
    }

    /** Folds a long value with CRLF TAB every 72 characters, at the given separator when there is one. */
    static String fold(String value, char separator) {
        StringBuilder sb = new StringBuilder();
        int line = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            sb.append(c);
            line++;
            boolean breakHere = separator == '\0' ? line >= 72 : (c == separator && line >= 60);
            if (breakHere && i < value.length() - 1) {
                sb.append("\r\n\t");
                line = 0;
            }
        }
        return sb.toString();
    }
}
