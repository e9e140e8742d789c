package dev.facteur.smtp.server.auth;

import dev.facteur.auth.DnsRecordTexts.DnsRecordText;
import dev.facteur.auth.dkim.DkimAlgorithm;
import dev.facteur.auth.dkim.DkimKeyGenerator;
import dev.facteur.auth.dkim.DkimKeyGenerator.GeneratedKey;
import dev.facteur.auth.dkim.DkimSigningKey;
import dev.facteur.store.Settings;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The DKIM keys of the hosted domains, kept in the store's {@link Settings} under
 * {@code dkim/<domain>/<selector>}. Each value is a few {@code name: value} lines (algorithm,
 * created, active, retired, public key), an empty line, and the PKCS#8 PEM private key.
 *
 * <p>A domain gets a pair of keys at a time, RSA-2048 and Ed25519 (RFC 8463 §5: sign with both
 * while verifiers learn Ed25519), with selectors {@code <prefix>r} and {@code <prefix>e}.
 * Rotation makes a new pair active and keeps the old pair, inactive, for {@link #GRACE} so that
 * mail signed with it still verifies while in transit; the next rotation after that removes it.
 */
public final class DkimKeyStore {
    static final String PREFIX = "dkim/";
    /** How long a rotated-out key stays (its DNS record must stay published as long). */
    public static final Duration GRACE = Duration.ofDays(7);
    // RFC 8301 §3.2: RSA keys of at least 1024 bits; 2048 is what we generate.
    private static final int RSA_BITS = 2048;
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Settings settings;

    public DkimKeyStore(Settings settings) {
        this.settings = settings;
    }

    /** One stored key. {@code retired} is when it stopped being active. */
    public record StoredKey(String domain, String selector, DkimAlgorithm algorithm, Instant created,
                            Optional<Instant> retired, String publicKeyBase64, String privateKeyPem) {
        public StoredKey {
            domain = domain.toLowerCase(Locale.ROOT);
            // RFC 6376 §3.1: a selector is one or more sub-domain labels.
            if (!selector.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")) {
                throw new IllegalArgumentException("bad DKIM selector: " + selector);
            }
            if (!domain.matches("[a-z0-9.-]+") || !publicKeyBase64.matches("[A-Za-z0-9+/=]+")) {
                throw new IllegalArgumentException("bad DKIM key for " + domain);
            }
        }

        public boolean active() {
            return retired.isEmpty();
        }

        /** RFC 6376 §3.6.1: the TXT record text; RFC 8463 §4: k=ed25519 with the raw public key. */
        public String txtRecord() {
            return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + publicKeyBase64;
        }

        /** RFC 6376 §3.6.2.1: the record at {@code selector._domainkey.domain}. */
        public DnsRecordText dnsRecord() {
            return new DnsRecordText(GeneratedKey.recordName(selector, domain), "TXT", txtRecord());
        }

        public DkimSigningKey signingKey() throws GeneralSecurityException {
            return DkimSigningKey.fromPem(domain, selector, privateKeyPem);
        }

        String encode() {
            return "algorithm: " + algorithm.keyword() + "\ncreated: " + created + "\n"
                    + retired.map(r -> "retired: " + r + "\n").orElse("") + "public: " + publicKeyBase64 + "\n\n"
                    + privateKeyPem;
        }

        static StoredKey decode(String domain, String selector, String text) {
            int blank = text.indexOf("\n\n");
            if (blank < 0) {
                throw new IllegalArgumentException("DKIM key " + selector + "._domainkey." + domain + " is malformed");
            }
            Map<String, String> fields = new java.util.HashMap<>();
            for (String line : text.substring(0, blank).split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    fields.put(line.substring(0, colon), line.substring(colon + 2));
                }
            }
            try {
                DkimAlgorithm alg = DkimAlgorithm.of(fields.getOrDefault("algorithm", ""))
                        .orElseThrow(() -> new IllegalArgumentException("unknown algorithm"));
                return new StoredKey(domain, selector, alg, Instant.parse(fields.getOrDefault("created", "")),
                        Optional.ofNullable(fields.get("retired")).map(Instant::parse), fields.getOrDefault("public", ""),
                        text.substring(blank + 2));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new IllegalArgumentException("DKIM key " + selector + "._domainkey." + domain + " is malformed: "
                        + e.getMessage(), e);
            }
        }
    }

    /** The keys of one domain, oldest first. Malformed entries are an error, not skipped. */
    public List<StoredKey> keys(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        return decodeAll(settings.withPrefix(PREFIX + d + "/"), Optional.of(d));
    }

    /** Every domain's keys, by domain then age. */
    public List<StoredKey> all() {
        return decodeAll(settings.withPrefix(PREFIX), Optional.empty());
    }

    /** The raw entries of one domain: what the signer's cache compares to notice a change. */
    Map<String, String> rawEntries(String domain) {
        return settings.withPrefix(PREFIX + domain.toLowerCase(Locale.ROOT) + "/");
    }

    /**
     * Creates an active RSA-2048 and Ed25519 pair with selectors {@code <prefix>r} and
     * {@code <prefix>e}; the prefix defaults to the month ({@code yyyyMM}), with a letter added
     * when those selectors exist. Refuses a given prefix whose selectors exist.
     */
    public List<StoredKey> generate(String domain, Optional<String> selectorPrefix, Instant now) {
        String d = domain.toLowerCase(Locale.ROOT);
        String prefix = selectorPrefix.map(p -> {
            if (exists(d, p)) {
                throw new IllegalArgumentException("selector " + p + "r or " + p + "e already exists for " + d);
            }
            return p;
        }).orElseGet(() -> freePrefix(d, MONTH.format(now)));
        List<StoredKey> made = List.of(store(d, prefix + "r", DkimKeyGenerator.rsa(RSA_BITS), now),
                store(d, prefix + "e", DkimKeyGenerator.ed25519(), now));
        return made;
    }

    /** The result of a rotation: the new pair, the keys retired now, and old retired keys removed. */
    public record Rotation(List<StoredKey> created, List<StoredKey> retired, List<StoredKey> removed) {}

    /**
     * A new active pair; the active keys become inactive (kept for {@link #GRACE}); inactive keys
     * retired longer ago than that are removed.
     */
    public Rotation rotate(String domain, Instant now) {
        List<StoredKey> before = keys(domain);
        List<StoredKey> created = generate(domain, Optional.empty(), now);
        List<StoredKey> retired = new ArrayList<>();
        List<StoredKey> removed = new ArrayList<>();
        for (StoredKey k : before) {
            if (k.active()) {
                StoredKey r = new StoredKey(k.domain(), k.selector(), k.algorithm(), k.created(), Optional.of(now),
                        k.publicKeyBase64(), k.privateKeyPem());
                settings.put(key(k.domain(), k.selector()), r.encode());
                retired.add(r);
            } else if (k.retired().orElseThrow().plus(GRACE).isBefore(now)) {
                settings.remove(key(k.domain(), k.selector()));
                removed.add(k);
            }
        }
        return new Rotation(created, retired, removed);
    }

    private StoredKey store(String domain, String selector, GeneratedKey key, Instant now) {
        StoredKey k = new StoredKey(domain, selector, key.algorithm(), now, Optional.empty(), key.publicKeyBase64(),
                key.privateKeyPem());
        settings.put(key(domain, selector), k.encode());
        return k;
    }

    private String freePrefix(String domain, String base) {
        if (!exists(domain, base)) {
            return base;
        }
        for (char c = 'b'; c <= 'z'; c++) {
            if (!exists(domain, base + c)) {
                return base + c;
            }
        }
        throw new IllegalArgumentException("too many DKIM keys for " + domain + " this month; give --selector");
    }

    private boolean exists(String domain, String prefix) {
        return settings.get(key(domain, prefix + "r")).isPresent() || settings.get(key(domain, prefix + "e")).isPresent();
    }

    private static String key(String domain, String selector) {
        return PREFIX + domain + "/" + selector;
    }

    private static List<StoredKey> decodeAll(Map<String, String> entries, Optional<String> onlyDomain) {
        List<StoredKey> out = new ArrayList<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            String rest = e.getKey().substring(PREFIX.length());
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                continue;
            }
            String domain = rest.substring(0, slash);
            if (onlyDomain.isPresent() && !onlyDomain.get().equals(domain)) {
                continue; // withPrefix("dkim/example.com/") cannot match another domain, but be exact
            }
            out.add(StoredKey.decode(domain, rest.substring(slash + 1), e.getValue()));
        }
        out.sort(Comparator.comparing(StoredKey::domain).thenComparing(StoredKey::created).thenComparing(StoredKey::selector));
        return out;
    }
}
