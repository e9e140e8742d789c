package dev.facteur.server.reports;

import dev.facteur.auth.dmarc.report.AggregateReport;
import dev.facteur.store.ReportStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns recorded evaluations into aggregate reports (RFC 9990 §3), one per policy domain. */
final class DmarcAggregates {

    private DmarcAggregates() {
    }

    /** Who reports: report_metadata's org_name and email. */
    record Reporter(String orgName, String email, String submitterDomain) {
    }

    /** The rows of one report: identical rows are counted once (RFC 9990 §3: record/row/count). */
    private record RowKey(String sourceIp, String disposition, boolean dkimAligned, boolean spfAligned,
                          List<AggregateReport.Reason> reasons, String envelopeTo, String envelopeFrom, String headerFrom,
                          List<ReportStore.DkimOutcome> dkim, String spfDomain, String spfScope, String spfResult) {
    }

    /** The reports for evaluations made in [begin, end); {@code rows} sorted by policy domain as the store returns them. */
    static List<AggregateReport> build(List<ReportStore.DmarcEvaluation> rows, Instant begin, Instant end, Reporter reporter) {
        Map<String, List<ReportStore.DmarcEvaluation>> byDomain = new LinkedHashMap<>();
        for (ReportStore.DmarcEvaluation e : rows) {
            byDomain.computeIfAbsent(e.policyDomain(), k -> new ArrayList<>()).add(e);
        }
        List<AggregateReport> out = new ArrayList<>();
        for (var entry : byDomain.entrySet()) {
            out.add(report(entry.getKey(), entry.getValue(), begin, end, reporter));
        }
        return out;
    }

    private static AggregateReport report(String domain, List<ReportStore.DmarcEvaluation> rows, Instant begin, Instant end,
                                          Reporter reporter) {
        Map<RowKey, Long> counts = new LinkedHashMap<>();
        for (ReportStore.DmarcEvaluation e : rows) {
            counts.merge(key(e), 1L, Long::sum);
        }
        List<AggregateReport.Row> records = new ArrayList<>();
        for (var c : counts.entrySet()) {
            RowKey k = c.getKey();
            records.add(new AggregateReport.Row(k.sourceIp(), c.getValue(), k.disposition(), k.dkimAligned() ? "pass" : "fail",
                    k.spfAligned() ? "pass" : "fail", k.reasons(), Optional.of(k.envelopeTo()).filter(s -> !s.isEmpty()),
                    Optional.of(k.envelopeFrom()), k.headerFrom(),
                    k.dkim().stream().map(d -> new AggregateReport.DkimAuth(d.domain(),
                            Optional.of(d.selector()).filter(s -> !s.isEmpty()), d.result(), Optional.empty())).toList(),
                    List.of(new AggregateReport.SpfAuth(k.spfDomain(), Optional.of(k.spfScope()), k.spfResult(), Optional.empty()))));
        }
        // RFC 9990 §3: policy_published is the policy as found; the latest evaluation's record stands for the day.
        ReportStore.PublishedPolicy p = rows.getLast().policy();
        var policy = new AggregateReport.PolicyPublished(domain, Optional.of(p.adkim()), Optional.of(p.aspf()), p.p(), p.sp(),
                p.np(), Optional.of(p.testing() ? "y" : "n"), Optional.of("treewalk"), Optional.of(p.fo()));
        // RFC 9990 §3: report_id unique per report; day and domain make it stable across retries of the run.
        String reportId = begin.getEpochSecond() + "." + domain + "@" + reporter.submitterDomain();
        var metadata = new AggregateReport.Metadata(reporter.orgName(), reporter.email(), Optional.empty(), reportId,
                begin.getEpochSecond(), end.getEpochSecond(), List.of());
        return new AggregateReport("1.0", metadata, policy, records);
    }

    private static RowKey key(ReportStore.DmarcEvaluation e) {
        boolean failed = !e.dkimAligned() && !e.spfAligned();
        List<AggregateReport.Reason> reasons = failed && e.policy().testing() && !e.disposition().equals(e.policy().p())
                // RFC 9990 PolicyOverrideType: t=y (or pct<100) made us apply less than the policy.
                ? List.of(new AggregateReport.Reason("policy_test_mode", Optional.empty())) : List.of();
        String envelopeFrom = e.envelopeFrom().isEmpty() ? e.helo() : e.envelopeFrom().substring(e.envelopeFrom().lastIndexOf('@') + 1);
        return new RowKey(e.sourceIp(), e.disposition(), e.dkimAligned(), e.spfAligned(), reasons, e.envelopeTo(),
                envelopeFrom, e.headerFrom(), e.dkim(), e.spfDomain(), e.spfScope(), e.spfResult());
    }
}
