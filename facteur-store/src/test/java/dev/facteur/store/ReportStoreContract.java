package dev.facteur.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DMARC evaluations, TLS outcomes and received reports, for every backend. */
public interface ReportStoreContract extends StoreContract {

    private ReportStore reports() {
        return store().reports();
    }

    private static ReportStore.DmarcEvaluation evaluation(Instant at, String policyDomain) {
        return new ReportStore.DmarcEvaluation(at, "192.0.2.7", policyDomain, "bounce@" + policyDomain, "local.test",
                "mx.sender.test", policyDomain, policyDomain, "mfrom", "pass", true,
                List.of(new ReportStore.DkimOutcome(policyDomain, "s1", "pass"), new ReportStore.DkimOutcome("other.test", "", "fail")),
                false, new ReportStore.PublishedPolicy("reject", Optional.of("quarantine"), Optional.empty(), "r", "s", true, "1:d"),
                "none");
    }

    @Test
    default void anEvaluationIsReadBackWithEveryField() {
        Instant at = Instant.parse("2026-03-04T05:06:07Z");
        ReportStore.DmarcEvaluation e = evaluation(at, "sender.test");
        reports().recordDmarc(e);
        assertThat(reports().dmarcEvaluations(at, at.plusSeconds(1))).containsExactly(e);
    }

    @Test
    default void evaluationsAreSelectedByHalfOpenPeriodAndOrderedByDomain() {
        Instant day = Instant.parse("2026-03-04T00:00:00Z");
        reports().recordDmarc(evaluation(day.minusMillis(1), "early.test"));
        reports().recordDmarc(evaluation(day.plusSeconds(60), "zulu.test"));
        reports().recordDmarc(evaluation(day.plusSeconds(120), "alpha.test"));
        reports().recordDmarc(evaluation(day.plus(Duration.ofDays(1)), "late.test"));
        assertThat(reports().dmarcEvaluations(day, day.plus(Duration.ofDays(1))))
                .extracting(ReportStore.DmarcEvaluation::policyDomain).containsExactly("alpha.test", "zulu.test");
    }

    @Test
    default void tlsSessionsAreReadBackWithTheirPolicyStrings() {
        Instant at = Instant.parse("2026-03-04T05:06:07Z");
        var ok = new ReportStore.TlsSession(at, "far.test", "sts", List.of("version: STSv1", "mode: enforce"),
                "mx.far.test", "198.51.100.4", "success");
        var bad = new ReportStore.TlsSession(at.plusSeconds(1), "far.test", "tlsa", List.of(), "mx2.far.test",
                "198.51.100.5", "tlsa-invalid");
        reports().recordTls(ok);
        reports().recordTls(bad);
        assertThat(reports().tlsSessions(at, at.plusSeconds(2))).containsExactly(ok, bad);
    }

    @Test
    default void aReceivedReportIsStoredOnceAndListedNewestFirst() {
        Instant t = Instant.parse("2026-03-05T00:00:00Z");
        var first = received(t, "r-1");
        Optional<Long> id = reports().saveReceived(first);
        assertThat(id).isPresent();
        assertThat(reports().saveReceived(first)).as("the same report id from the same reporter").isEmpty();
        reports().saveReceived(received(t.plusSeconds(5), "r-2"));
        assertThat(reports().receivedReports(10)).extracting(ReportStore.ReceivedReport.Summary::reportId)
                .containsExactly("r-2", "r-1");
        ReportStore.ReceivedReport back = reports().receivedReport(id.get()).orElseThrow();
        assertThat(back.xml()).isEqualTo("<feedback/>");
        assertThat(back.summary().messages()).isEqualTo(12);
        assertThat(back.summary().begin()).isEqualTo(Instant.parse("2026-03-03T00:00:00Z"));
        assertThat(reports().receivedReport(id.get() + 1000)).isEmpty();
    }

    @Test
    default void pruningRemovesOnlyRowsOlderThanTheCutoff() {
        Instant t = Instant.parse("2026-03-10T00:00:00Z");
        reports().recordDmarc(evaluation(t.minusSeconds(1), "old.test"));
        reports().recordDmarc(evaluation(t, "new.test"));
        reports().recordTls(new ReportStore.TlsSession(t.minusSeconds(1), "far.test", "no-policy-found", List.of(),
                "mx.far.test", "198.51.100.4", "success"));
        reports().saveReceived(received(t.minusSeconds(1), "old"));
        assertThat(reports().prune(t)).isEqualTo(3);
        assertThat(reports().dmarcEvaluations(Instant.EPOCH, t.plusSeconds(1)))
                .extracting(ReportStore.DmarcEvaluation::policyDomain).containsExactly("new.test");
        assertThat(reports().receivedReports(10)).isEmpty();
    }

    private static ReportStore.ReceivedReport received(Instant at, String reportId) {
        return new ReportStore.ReceivedReport(new ReportStore.ReceivedReport.Summary(0, at, "Big Receiver",
                "noreply@receiver.test", reportId, "local.test", Instant.parse("2026-03-03T00:00:00Z"),
                Instant.parse("2026-03-04T00:00:00Z"), 12, 10), "<feedback/>");
    }
}
