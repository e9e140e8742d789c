package dev.facteur.auth.dkim;

import dev.facteur.auth.dns.DnsRecords;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.dns.DnsResult;
import java.util.List;

/** Fetches a key record at {@code selector._domainkey.domain} (RFC 6376 §3.6.2.2). */
public final class KeyFetcher {

    /** The outcome of fetching a key. */
    public sealed interface Outcome {
        record Found(DkimKeyRecord key) implements Outcome {
        }

        /** DNS failure: temperror (RFC 6376 §6.1.2). */
        record Temporary(String cause) implements Outcome {
        }

        /** No key, or an unusable one: permerror (RFC 6376 §6.1.2). */
        record Permanent(String cause) implements Outcome {
        }
    }

    /** Upper bound on a key record's size; larger answers are refused (RFC 6376 §3.6.2.2 gives no limit). */
    public static final int MAX_RECORD_OCTETS = 8192;

    /** Parsed keys by record text: parsing an RSA key costs more than the DNS cache hit before it. */
    private static final int PARSED_CACHE_SIZE = 1024;

    private final DnsResolver dns;
    private final java.util.concurrent.ConcurrentHashMap<String, DkimKeyRecord> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    public KeyFetcher(DnsResolver dns) {
        this.dns = dns;
    }

    public Outcome fetch(String selector, String domain) {
        String name = selector + "._domainkey." + domain;
        DnsResult<DnsRecords.Txt> r = dns.txt(name);
        List<DnsRecords.Txt> records = switch (r) {
            case DnsResult.TempFailure<DnsRecords.Txt> f -> {
                yield null;
            }
            case DnsResult.NxDomain<DnsRecords.Txt> n -> List.of();
            case DnsResult.NoData<DnsRecords.Txt> n -> List.of();
            case DnsResult.Records<DnsRecords.Txt> rec -> rec.values();
        };
        if (records == null) {
            return new Outcome.Temporary("DNS failure fetching key " + name);
        }
        if (records.isEmpty()) {
            return new Outcome.Permanent("no key record at " + name);
        }
        String lastError = "no usable key record at " + name;
        for (DnsRecords.Txt txt : records) {
            String text = txt.text();
            if (text.length() > MAX_RECORD_OCTETS) {
                lastError = "key record at " + name + " is oversized";
                continue;
            }
            DkimKeyRecord cached = parsed.get(text);
            if (cached != null) {
                return new Outcome.Found(cached);
            }
            try {
                DkimKeyRecord key = DkimKeyRecord.parse(text);
                if (parsed.size() >= PARSED_CACHE_SIZE) {
                    parsed.clear();
                }
                parsed.put(text, key);
                return new Outcome.Found(key);
            } catch (DkimKeyRecord.KeyException e) {
                lastError = e.getMessage() + " at " + name;
            }
        }
        return new Outcome.Permanent(lastError);
    }
}
