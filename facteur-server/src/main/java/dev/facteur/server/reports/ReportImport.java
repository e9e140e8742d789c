package dev.facteur.server.reports;

import dev.facteur.auth.dmarc.report.AggregateReport;
import dev.facteur.auth.dmarc.report.AggregateReportXml;
import dev.facteur.auth.dmarc.report.ReportIngester;
import dev.facteur.store.ReportStore;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/**
 * Stores the aggregate reports a received message (or a bare XML, gzip or zip file) carries
 * (RFC 9990 §5). The parsing is bounded: see {@link ReportIngester} and {@link AggregateReportXml}.
 */
public final class ReportImport {

    private ReportImport() {
    }

    /** What one message gave. */
    public record Result(int stored, int duplicates, int unreadable, String cause) {
    }

    public static Result importMessage(ReportStore store, byte[] message, Instant now) {
        int stored = 0;
        int duplicates = 0;
        int unreadable = 0;
        String cause = "";
        switch (new ReportIngester().ingest(message)) {
            case ReportIngester.Outcome.Reports r -> {
                for (AggregateReport report : r.reports()) {
                    Optional<ReportStore.ReceivedReport> valid = received(report, now);
                    if (valid.isEmpty()) {
                        unreadable++;
                        cause = "report with unusable identifiers or dates";
                    } else if (store.saveReceived(valid.get()).isPresent()) {
                        stored++;
                    } else {
                        duplicates++;
                    }
                }
            }
            case ReportIngester.Outcome.NoReport n -> {
                unreadable++;
                cause = n.cause();
            }
        }
        return new Result(stored, duplicates, unreadable, cause);
    }

    /** A stored report parsed again, for display; empty if its XML no longer reads. */
    public static Optional<AggregateReport> parsed(ReportStore.ReceivedReport report) {
        try {
            return Optional.of(AggregateReportXml.parse(report.xml().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (AggregateReportXml.InvalidReport e) {
            return Optional.empty();
        }
    }

    /** The report as stored; empty when its identifiers or dates are unusable (hostile or broken input). */
    private static Optional<ReportStore.ReceivedReport> received(AggregateReport r, Instant now) {
        long passed = r.records().stream().filter(row -> row.dkim().equalsIgnoreCase("pass") || row.spf().equalsIgnoreCase("pass"))
                .mapToLong(AggregateReport.Row::count).sum();
        var m = r.metadata();
        try {
            return Optional.of(new ReportStore.ReceivedReport(new ReportStore.ReceivedReport.Summary(0, now,
                    m.orgName(), m.email(), m.reportId(), r.policy().domain(), Instant.ofEpochSecond(m.begin()),
                    Instant.ofEpochSecond(m.end()), r.messageCount(), passed), AggregateReportXml.write(r)));
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
