package dev.facteur.auth.dmarc.report;

import java.util.List;
import java.util.Optional;

/** An aggregate report (RFC 9990 §3, Appendix A schema), independent of its XML form. */
public record AggregateReport(String version, Metadata metadata, PolicyPublished policy, List<Row> records) {

    public AggregateReport {
        records = List.copyOf(records);
    }

    /** report_metadata: who reports, the report id and the period (seconds since the epoch, UTC). */
    public record Metadata(String orgName, String email, Optional<String> extraContactInfo, String reportId,
                           long begin, long end, List<String> errors) {
        public Metadata {
            errors = List.copyOf(errors);
        }
    }

    /** policy_published: the policy the reporter found. Absent values stay empty. */
    public record PolicyPublished(String domain, Optional<String> adkim, Optional<String> aspf, String p,
                                  Optional<String> sp, Optional<String> np, Optional<String> testing,
                                  Optional<String> discoveryMethod, Optional<String> fo) {
    }

    /** One record: a source IP and identifiers with a message count and the results. */
    public record Row(String sourceIp, long count, String disposition, String dkim, String spf, List<Reason> reasons,
                      Optional<String> envelopeTo, Optional<String> envelopeFrom, String headerFrom,
                      List<DkimAuth> dkimResults, List<SpfAuth> spfResults) {
        public Row {
            reasons = List.copyOf(reasons);
            dkimResults = List.copyOf(dkimResults);
            spfResults = List.copyOf(spfResults);
        }
    }

    /** policy_evaluated/reason: why the disposition differs from the policy (RFC 9990 PolicyOverrideType). */
    public record Reason(String type, Optional<String> comment) {
    }

    /** auth_results/dkim. */
    public record DkimAuth(String domain, Optional<String> selector, String result, Optional<String> humanResult) {
    }

    /** auth_results/spf. */
    public record SpfAuth(String domain, Optional<String> scope, String result, Optional<String> humanResult) {
    }

    /** Total messages covered by the report. */
    public long messageCount() {
        return records.stream().mapToLong(Row::count).sum();
    }
}
