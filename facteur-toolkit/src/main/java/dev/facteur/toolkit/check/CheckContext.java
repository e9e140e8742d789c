package dev.facteur.toolkit.check;

import dev.facteur.auth.dns.DnsRecords;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.dns.DnsResult;
import dev.facteur.toolkit.report.Finding;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** What every area check of a domain shares: the resolver, the clock, and the way to report. */
record CheckContext(DnsResolver dns, InstantSource clock, Consumer<Finding> out) {

    void add(Finding f) {
        out.accept(f);
    }

    /** RFC 7208 §4.5, RFC 9989 and others: the TXT records at {@code name} whose text starts with {@code prefix}. */
    DnsResult<String> txtStartingWith(String name, String prefix) {
        DnsResult<DnsRecords.Txt> r = dns.txt(name);
        if (r instanceof DnsResult.Records<DnsRecords.Txt> rec) {
            List<String> matching = rec.values().stream().map(DnsRecords.Txt::text)
                    .filter(t -> t.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))
                            && (t.length() == prefix.length() || t.charAt(prefix.length()) == ' ' || t.charAt(prefix.length()) == ';'))
                    .toList();
            return matching.isEmpty() ? new DnsResult.NoData<>() : new DnsResult.Records<>(matching, rec.authenticated(), rec.ttlSeconds());
        }
        return r.map(DnsRecords.Txt::text);
    }

    /** The finding for a temporary DNS failure: the area could not be checked, which is not a misconfiguration. */
    void temporary(String area, String what, DnsResult.TempFailure<?> f) {
        add(Finding.warn(area, "dns-temporary", "Could not check " + what + ": the DNS lookup failed temporarily ("
                + (f.timeout() ? "timeout" : dev.facteur.toolkit.report.Printable.of(f.cause(), 120)) + "); this is not a finding about the domain.",
                "Run the check again; if it persists, check that the domain's name servers answer."));
    }
}
