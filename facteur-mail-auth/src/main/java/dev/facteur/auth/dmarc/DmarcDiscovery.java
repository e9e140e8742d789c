package dev.facteur.auth.dmarc;

import dev.facteur.auth.dns.DnsRecords;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.dns.DnsResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** RFC 9989 §4.10: the DNS tree walk for policy discovery and for the organisational domain. */
public final class DmarcDiscovery {

    /** RFC 9989 §4.10.1: a walk asks at most 8 queries. */
    public static final int MAX_QUERIES = 8;

    private final DnsResolver dns;

    public DmarcDiscovery(DnsResolver dns) {
        this.dns = dns;
    }

    /** A record found at a domain during a walk. */
    public record Found(String domain, DmarcRecord record) {
    }

    /** The outcome of a policy lookup. */
    public sealed interface Lookup {
        record Policy(Found found) implements Lookup {
        }

        record NoPolicy() implements Lookup {
        }

        /** A DNS failure stopped the walk (RFC 9989 §4.10: temperror). */
        record Failed(String cause) implements Lookup {
        }
    }

    /** The names a walk queries, longest first (RFC 9989 §4.10.1 steps 1-4). */
    public static List<String> walk(String domain) {
        List<String> labels = Arrays.asList(domain.toLowerCase(Locale.ROOT).split("\\."));
        List<String> names = new ArrayList<>();
        names.add(String.join(".", labels));
        int count = labels.size();
        // RFC 9989 §4.10.1: from 8 or more labels jump to the rightmost 7, then drop one label at a time.
        int next = count >= 8 ? 7 : count - 1;
        while (next >= 1 && names.size() < MAX_QUERIES) {
            names.add(String.join(".", labels.subList(count - next, count)));
            next--;
        }
        return names;
    }

    /** One query at {@code _dmarc.name}: the single valid record, none, or a DNS failure. */
    private Optional<Optional<DmarcRecord>> query(String name) {
        DnsResult<DnsRecords.Txt> r = dns.txt("_dmarc." + name);
        if (r instanceof DnsResult.TempFailure<DnsRecords.Txt>) {
            return Optional.empty();
        }
        List<String> candidates = r.values().stream().map(DnsRecords.Txt::text).filter(DmarcRecord::looksLikeDmarc).toList();
        // RFC 9989 §4.10.1 step 2: anything but exactly one DMARC record counts as none.
        if (candidates.size() != 1) {
            return Optional.of(Optional.empty());
        }
        try {
            return Optional.of(Optional.of(DmarcRecord.parse(candidates.getFirst())));
        } catch (DmarcRecord.InvalidRecord e) {
            return Optional.of(Optional.empty());
        }
    }

    /** RFC 9989 §4.10.1: the first record found walking up from the author domain. */
    public Lookup policy(String authorDomain) {
        for (String name : walk(authorDomain)) {
            Optional<Optional<DmarcRecord>> q = query(name);
            if (q.isEmpty()) {
                return new Lookup.Failed("DNS failure looking up _dmarc." + name);
            }
            if (q.get().isPresent()) {
                return new Lookup.Policy(new Found(name, q.get().get()));
            }
        }
        return new Lookup.NoPolicy();
    }

    /**
     * RFC 9989 §4.10.2: the organisational domain. psd=n marks it; psd=y marks the public suffix just
     * above it; otherwise the record with the fewest labels; with no records, the domain itself. A
     * DNS failure during the walk yields the domain itself (the walk cannot tell more).
     */
    public String organizationalDomain(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        List<String> names = walk(d);
        String shortest = null;
        for (int i = 0; i < names.size(); i++) {
            Optional<Optional<DmarcRecord>> q = query(names.get(i));
            if (q.isEmpty()) {
                return shortest != null ? shortest : d;
            }
            if (q.get().isEmpty()) {
                continue;
            }
            DmarcRecord rec = q.get().get();
            switch (rec.psd()) {
                case NO -> {
                    return names.get(i);
                }
                case YES -> {
                    return i == 0 ? d : oneLabelBelow(d, names.get(i));
                }
                case UNKNOWN -> shortest = names.get(i);
            }
        }
        return shortest != null ? shortest : d;
    }

    private static String oneLabelBelow(String domain, String suffix) {
        String[] labels = domain.split("\\.");
        int keep = suffix.split("\\.").length + 1;
        return String.join(".", Arrays.copyOfRange(labels, labels.length - keep, labels.length));
    }
}
