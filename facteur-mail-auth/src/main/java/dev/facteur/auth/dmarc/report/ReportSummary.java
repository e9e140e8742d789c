package dev.facteur.auth.dmarc.report;

import java.time.Instant;
import java.util.Locale;

/** A plain-text view of a received aggregate report, for the admin pages and the CLI. */
public final class ReportSummary {

    private ReportSummary() {
    }

    public static String render(AggregateReport r) {
        StringBuilder sb = new StringBuilder();
        var m = r.metadata();
        sb.append("DMARC aggregate report ").append(m.reportId()).append(" from ").append(m.orgName())
                .append(" <").append(m.email()).append(">\n");
        sb.append("Domain ").append(r.policy().domain()).append(", policy p=").append(r.policy().p())
                .append(", period ").append(Instant.ofEpochSecond(m.begin())).append(" to ").append(Instant.ofEpochSecond(m.end())).append('\n');
        long passed = r.records().stream().filter(row -> row.dkim().equalsIgnoreCase("pass") || row.spf().equalsIgnoreCase("pass"))
                .mapToLong(AggregateReport.Row::count).sum();
        sb.append(String.format(Locale.ROOT, "%d messages, %d passed DMARC, %d failed%n", r.messageCount(), passed, r.messageCount() - passed));
        sb.append(String.format(Locale.ROOT, "%-40s %8s %-11s %-5s %-5s %s%n", "source", "count", "disposition", "dkim", "spf", "header from"));
        for (AggregateReport.Row row : r.records()) {
            sb.append(String.format(Locale.ROOT, "%-40s %8d %-11s %-5s %-5s %s%n", row.sourceIp(), row.count(), row.disposition(),
                    row.dkim(), row.spf(), row.headerFrom()));
        }
        return sb.toString();
    }
}
