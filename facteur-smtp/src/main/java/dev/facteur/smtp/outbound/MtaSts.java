package dev.facteur.smtp.outbound;

import dev.facteur.auth.dns.DnsRecords;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.dns.DnsResult;
import dev.facteur.core.mail.Domain;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers and caches MTA-STS policies (RFC 8461 §3, §5.1): the {@code _mta-sts} TXT record says a
 * policy exists and its id; the policy is fetched when the id changes or the cache entry expires,
 * and a cached unexpired policy survives DNS or HTTPS failures (so an attacker who blocks them
 * cannot downgrade a known policy).
 */
public final class MtaSts {

    private static final Logger LOG = LoggerFactory.getLogger(MtaSts.class);
    private static final int MAX_CACHED = 10_000;

    private final DnsResolver dns;
    private final MtaStsPolicyFetcher fetcher;
    private final InstantSource clock;
    private final Map<Domain, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String id, MtaStsPolicy policy, Instant expires) {
    }

    public MtaSts(DnsResolver dns, MtaStsPolicyFetcher fetcher, InstantSource clock) {
        this.dns = dns;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    /** The policy in force for {@code domain}, if any (mode NONE is returned as empty). */
    public Optional<MtaStsPolicy> policy(Domain domain) {
        Instant now = clock.instant();
        Cached cached = cache.get(domain);
        if (cached != null && !cached.expires().isAfter(now)) {
            cache.remove(domain, cached);
            cached = null;
        }
        Optional<String> id = recordId(domain);
        if (id.isEmpty()) {
            // RFC 8461 §3.1/§5.1: without a TXT record, an unexpired cached policy stays in force.
            return active(cached);
        }
        if (cached != null && cached.id().equals(id.get())) {
            return active(cached);
        }
        try {
            Optional<MtaStsPolicy> fetched = fetcher.fetch(domain);
            if (fetched.isEmpty()) {
                LOG.info("MTA-STS policy of {} is invalid or unavailable", domain);
                return active(cached);
            }
            MtaStsPolicy policy = fetched.get();
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(domain, new Cached(id.get(), policy, now.plus(policy.maxAge())));
            return policy.mode() == MtaStsPolicy.Mode.NONE ? Optional.empty() : Optional.of(policy);
        } catch (IOException e) {
            // RFC 8461 §3.3: a failed fetch leaves any cached policy in force.
            LOG.info("MTA-STS policy fetch for {} failed: {}", domain, e.toString());
            return active(cached);
        }
    }

    private static Optional<MtaStsPolicy> active(Cached c) {
        return c == null || c.policy().mode() == MtaStsPolicy.Mode.NONE ? Optional.empty() : Optional.of(c.policy());
    }

    /** RFC 8461 §3.1: exactly one TXT record at {@code _mta-sts.<domain>} starting with {@code v=STSv1}, with an id. */
    private Optional<String> recordId(Domain domain) {
        DnsResult<DnsRecords.Txt> txt = dns.txt("_mta-sts." + domain.name());
        List<String> records = txt.values().stream().map(DnsRecords.Txt::text)
                .filter(t -> t.startsWith("v=STSv1")).toList();
        if (records.size() != 1) {
            return Optional.empty();
        }
        for (String field : records.getFirst().split(";")) {
            String f = field.strip();
            // RFC 8461 §3.1: id = 1*32(ALPHA / DIGIT)
            if (f.startsWith("id=") && f.substring(3).matches("[A-Za-z0-9]{1,32}")) {
                return Optional.of(f.substring(3));
            }
        }
        return Optional.empty();
    }
}
