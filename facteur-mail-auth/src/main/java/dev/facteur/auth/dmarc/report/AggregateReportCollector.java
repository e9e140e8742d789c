package dev.facteur.auth.dmarc.report;

import dev.facteur.auth.AuthVerdict;
import dev.facteur.auth.dkim.DkimResult;
import dev.facteur.auth.dmarc.DmarcRecord;
import dev.facteur.auth.dmarc.DmarcResult;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Records DMARC evaluations and turns them into aggregate reports (RFC 9990 §3) per policy domain
 * for a period, typically a UTC day. Identical rows are counted once. In memory: the server persists
 * or drains it daily. Thread-safe.
 */
public final class AggregateReportCollector {

    /** Who we are in reports (report_metadata). */
    public record Reporter(String orgName, String email) {
    }

    private record Key(String policyDomain, AggregateReport.Row rowWithoutCount) {
    }

    private final Reporter reporter;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Key, Long> counts = new LinkedHashMap<>();
    private final Map<String, DmarcRecord> published = new HashMap<>();

    public AggregateReportCollector(Reporter reporter) {
        this.reporter = reporter;
    }

    /** Records one evaluated message; messages without a DMARC policy are not reported. */
    public void record(AuthVerdict verdict, InetAddress source, String envelopeTo) {
        DmarcResult d = verdict.dmarc();
        var found = switch (d) {
            case DmarcResult.Pass p -> Optional.of(p.policy());
            case DmarcResult.Fail f -> Optional.of(f.policy());
            case DmarcResult.None n -> Optional.<dev.facteur.auth.dmarc.DmarcDiscovery.Found>empty();
            case DmarcResult.TempError t -> Optional.<dev.facteur.auth.dmarc.DmarcDiscovery.Found>empty();
            case DmarcResult.PermError p -> Optional.<dev.facteur.auth.dmarc.DmarcDiscovery.Found>empty();
        };
        if (found.isEmpty()) {
            return;
        }
        boolean dkimAligned = d instanceof DmarcResult.Pass p && p.dkimAligned();
        boolean spfAligned = d instanceof DmarcResult.Pass p && p.spfAligned();
        List<AggregateReport.DkimAuth> dkim = new ArrayList<>();
        for (DkimResult r : verdict.dkim()) {
            dkim.add(new AggregateReport.DkimAuth(r.info().domain(), Optional.of(r.info().selector()).filter(s -> !s.isEmpty()),
                    r.keyword(), Optional.empty()));
        }
        var spf = List.of(new AggregateReport.SpfAuth(verdict.spf().spfDomain(),
                Optional.of(verdict.spf().mailFrom().isEmpty() ? "helo" : "mfrom"), verdict.spf().result().keyword(), Optional.empty()));
        var row = new AggregateReport.Row(source.getHostAddress(), 0, verdict.disposition().reportKeyword(),
                dkimAligned ? "pass" : "fail", spfAligned ? "pass" : "fail", List.of(),
                Optional.of(envelopeTo).filter(s -> !s.isEmpty()), Optional.of(verdict.spf().spfDomain()), d.fromDomain(), dkim, spf);
        lock.lock();
        try {
            counts.merge(new Key(found.get().domain(), row), 1L, Long::sum);
            published.put(found.get().domain(), found.get().record());
        } finally {
            lock.unlock();
        }
    }

    /** The reports for everything recorded since the last drain, covering [begin, end); clears the collector. */
    public List<AggregateReport> drain(Instant begin, Instant end) {
        Map<String, List<AggregateReport.Row>> rows = new LinkedHashMap<>();
        Map<String, DmarcRecord> policies;
        lock.lock();
        try {
            for (var e : counts.entrySet()) {
                AggregateReport.Row r = e.getKey().rowWithoutCount();
                rows.computeIfAbsent(e.getKey().policyDomain(), k -> new ArrayList<>()).add(new AggregateReport.Row(r.sourceIp(),
                        e.getValue(), r.disposition(), r.dkim(), r.spf(), r.reasons(), r.envelopeTo(), r.envelopeFrom(),
                        r.headerFrom(), r.dkimResults(), r.spfResults()));
            }
            policies = Map.copyOf(published);
            counts.clear();
            published.clear();
        } finally {
            lock.unlock();
        }
        List<AggregateReport> reports = new ArrayList<>();
        for (var e : rows.entrySet()) {
            DmarcRecord p = policies.get(e.getKey());
            var metadata = new AggregateReport.Metadata(reporter.orgName(), reporter.email(), Optional.empty(),
                    UUID.randomUUID().toString(), begin.getEpochSecond(), end.getEpochSecond(), List.of());
            var policy = new AggregateReport.PolicyPublished(e.getKey(), Optional.of(p.dkimAlignment().keyword()),
                    Optional.of(p.spfAlignment().keyword()), p.policy().keyword(), p.subdomainPolicy().map(DmarcRecord.Policy::keyword),
                    p.nonexistentPolicy().map(DmarcRecord.Policy::keyword), Optional.of(p.testing() ? "y" : "n"),
                    Optional.of("treewalk"), Optional.of(p.failureOptions()));
            reports.add(new AggregateReport("1.0", metadata, policy, e.getValue()));
        }
        return reports;
    }

    /** The aggregate report addresses of a policy domain's record (to check with {@link ExternalDestinations}). */
    public static List<String> destinations(DmarcRecord record) {
        return record.aggregateUris();
    }
}
