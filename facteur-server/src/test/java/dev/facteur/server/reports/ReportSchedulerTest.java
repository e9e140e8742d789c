package dev.facteur.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dkim.DkimResult;
import dev.facteur.auth.dkim.DkimVerifier;
import dev.facteur.auth.dmarc.report.AggregateReport;
import dev.facteur.auth.dmarc.report.AggregateReportXml;
import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.auth.message.MailMessage;
import dev.facteur.core.config.ReportsConfig;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.smtp.server.auth.DkimKeyStore;
import dev.facteur.store.QueuedMessage;
import dev.facteur.store.ReportStore;
import dev.facteur.store.TestClock;
import dev.facteur.store.TestStores;
import dev.facteur.store.sql.SqlStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily run: DMARC aggregate reports (RFC 9990), TLS-RPT (RFC 8460), pruning; driven by a test clock. */
class ReportSchedulerTest {
    static final Instant DAY = Instant.parse("2026-04-01T00:00:00Z");

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(DAY.plus(Duration.ofHours(24)).plusSeconds(300));
    private final InMemoryDnsResolver dns = new InMemoryDnsResolver();
    private final List<URI> posted = new ArrayList<>();
    private final List<byte[]> postedBodies = new ArrayList<>();
    private SqlStore store;
    private ReportScheduler scheduler;

    @BeforeEach
    void open() {
        store = TestStores.sqlite(dir, clock);
        ReportsConfig config = new ReportsConfig(true, Optional.of(EmailAddress.parse("reports@local.test")), "Local Mail",
                false, Optional.empty(), Duration.ofDays(30));
        scheduler = new ReportScheduler(store, dns, config, (uri, body) -> {
            posted.add(uri);
            postedBodies.add(body);
            return true;
        }, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static ReportStore.DmarcEvaluation evaluation(Instant at, String domain, String ip, boolean spfAligned) {
        return new ReportStore.DmarcEvaluation(at, ip, domain, "bounce@" + domain, "local.test", "mx." + domain, domain,
                domain, "mfrom", spfAligned ? "pass" : "fail", spfAligned,
                List.of(new ReportStore.DkimOutcome(domain, "s1", "fail")), false,
                new ReportStore.PublishedPolicy("reject", Optional.empty(), Optional.empty(), "r", "r", false, "0"),
                spfAligned ? "none" : "reject");
    }

    private String queuedText(QueuedMessage q) throws Exception {
        try (InputStream in = store.blobs().open(q.message().blob())) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static byte[] attachment(String mail, String marker) throws Exception {
        int start = mail.indexOf(marker);
        String b64 = mail.substring(mail.indexOf("\r\n\r\n", start) + 4, mail.indexOf("\r\n--", start));
        return new GZIPInputStream(new ByteArrayInputStream(Base64.getMimeDecoder().decode(b64))).readAllBytes();
    }

    @Test
    void yesterdaysAggregateReportGoesOnceToEachAuthorisedDestinationWithinItsSize() throws Exception {
        ReportStore r = store.reports();
        r.recordDmarc(evaluation(DAY.plusSeconds(3600), "sender.test", "192.0.2.1", true));
        r.recordDmarc(evaluation(DAY.plusSeconds(7200), "sender.test", "192.0.2.1", true));
        r.recordDmarc(evaluation(DAY.plusSeconds(9000), "sender.test", "192.0.2.2", false));
        r.recordDmarc(evaluation(DAY.plus(Duration.ofDays(1)).plusSeconds(10), "sender.test", "192.0.2.3", true)); // today
        r.recordDmarc(evaluation(DAY.plusSeconds(3600), "other.test", "192.0.2.9", true));
        dns.txt("_dmarc.sender.test", "v=DMARC1; p=reject; rua=mailto:dmarc@sender.test,mailto:agg@reports.test,mailto:tiny@sender.test!100")
                .txt("sender.test._report._dmarc.reports.test", "v=DMARC1")
                .txt("_dmarc.other.test", "v=DMARC1; p=none; rua=mailto:x@unauthorised.test");

        ReportScheduler.Run run = scheduler.runDue();

        assertThat(run.reportedDay()).contains(DAY);
        assertThat(run.dmarc()).filteredOn(d -> d instanceof DmarcReportSender.Delivery.Queued)
                .extracting(d -> ((DmarcReportSender.Delivery.Queued) d).address())
                .containsExactlyInAnyOrder("dmarc@sender.test", "agg@reports.test");
        assertThat(run.dmarc()).filteredOn(d -> d instanceof DmarcReportSender.Delivery.Skipped)
                .extracting(d -> ((DmarcReportSender.Delivery.Skipped) d).address())
                .containsExactlyInAnyOrder("tiny@sender.test", "x@unauthorised.test");
        List<QueuedMessage> queued = store.queue().list(10);
        assertThat(queued).hasSize(2).allSatisfy(q -> assertThat(q.message().sender()).contains("reports@local.test"));
        String mail = queuedText(queued.getFirst());
        assertThat(mail).contains("Subject: Report Domain: sender.test Submitter: local.test Report-ID: <1775001600.sender.test@local.test>")
                .contains("Content-Type: multipart/mixed").contains("Content-Type: application/gzip")
                .contains("filename=\"local.test!sender.test!1775001600!1775088000!1775001600.sender.test@local.test.xml.gz\"");
        AggregateReport report = AggregateReportXml.parse(attachment(mail, "application/gzip"));
        assertThat(report.policy().domain()).isEqualTo("sender.test");
        assertThat(report.policy().p()).isEqualTo("reject");
        assertThat(report.metadata().orgName()).isEqualTo("Local Mail");
        assertThat(report.messageCount()).isEqualTo(3);
        assertThat(report.records()).extracting(AggregateReport.Row::sourceIp, AggregateReport.Row::count,
                AggregateReport.Row::disposition).containsExactly(
                org.assertj.core.groups.Tuple.tuple("192.0.2.1", 2L, "none"),
                org.assertj.core.groups.Tuple.tuple("192.0.2.2", 1L, "reject"));

        clock.advance(Duration.ofHours(5));
        assertThat(scheduler.runDue().reportedDay()).as("the same day is not reported twice").isEmpty();
        assertThat(store.queue().size()).isEqualTo(2);
    }

    @Test
    void tlsReportsGoByMailAndHttpsWithTheSessionCounts() throws Exception {
        ReportStore r = store.reports();
        for (int i = 0; i < 3; i++) {
            r.recordTls(new ReportStore.TlsSession(DAY.plusSeconds(60 + i), "far.test", "sts", List.of(), "mx.far.test",
                    "198.51.100.1", "success"));
        }
        r.recordTls(new ReportStore.TlsSession(DAY.plusSeconds(90), "far.test", "sts", List.of(), "mx2.far.test",
                "198.51.100.2", "certificate-expired"));
        r.recordTls(new ReportStore.TlsSession(DAY.plusSeconds(90), "silent.test", "no-policy-found", List.of(), "mx.silent.test",
                "198.51.100.3", "success"));
        dns.txt("_smtp._tls.far.test", "v=TLSRPTv1; rua=mailto:tls@far.test,https://reports.far.test/v1");

        ReportScheduler.Run run = scheduler.runDue();

        assertThat(run.tls()).extracting(TlsReportSender.Delivery::destination, TlsReportSender.Delivery::sent).containsExactly(
                org.assertj.core.groups.Tuple.tuple("mailto:tls@far.test", true),
                org.assertj.core.groups.Tuple.tuple("https://reports.far.test/v1", true),
                org.assertj.core.groups.Tuple.tuple("", false));
        assertThat(posted).containsExactly(URI.create("https://reports.far.test/v1"));
        String json = new String(new GZIPInputStream(new ByteArrayInputStream(postedBodies.getFirst())).readAllBytes(),
                StandardCharsets.UTF_8);
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(tree.at("/policies/0/summary/total-successful-session-count").asLong()).isEqualTo(3);
        assertThat(tree.at("/policies/0/summary/total-failure-session-count").asLong()).isEqualTo(1);
        assertThat(tree.at("/policies/0/failure-details/0/receiving-mx-hostname").asText()).isEqualTo("mx2.far.test");
        assertThat(tree.at("/date-range/end-datetime").asText()).isEqualTo("2026-04-02T00:00:00Z");
        QueuedMessage mail = store.queue().list(10).getFirst();
        assertThat(mail.recipients()).extracting(s -> s.recipient().address()).containsExactly("tls@far.test");
        assertThat(queuedText(mail)).contains("Content-Type: application/tlsrpt+gzip").contains("TLS-Report-Domain: far.test");
    }

    @Test
    void rowsOlderThanTheRetentionArePrunedByTheDailyRun() {
        store.reports().recordDmarc(evaluation(DAY.minus(Duration.ofDays(40)), "old.test", "192.0.2.1", true));
        store.reports().recordDmarc(evaluation(DAY.minus(Duration.ofDays(3)), "recent.test", "192.0.2.1", true));
        assertThat(scheduler.runDue().pruned()).isEqualTo(1);
        assertThat(store.reports().dmarcEvaluations(Instant.EPOCH, clock.instant()))
                .extracting(ReportStore.DmarcEvaluation::policyDomain).containsExactly("recent.test");
    }

    @Test
    void disabledReportsSendNothingButStillPrune() {
        var off = new ReportScheduler(store, dns, new ReportsConfig(false, Optional.empty(), "x", false, Optional.empty(),
                Duration.ofDays(30)), (u, b) -> true, clock);
        store.reports().recordDmarc(evaluation(DAY.plusSeconds(5), "sender.test", "192.0.2.1", true));
        dns.txt("_dmarc.sender.test", "v=DMARC1; p=none; rua=mailto:d@sender.test");
        ReportScheduler.Run run = off.runDue();
        assertThat(run.dmarc()).isEmpty();
        assertThat(store.queue().size()).isZero();
    }

    @Test
    void reportMailIsSignedWithBothKeysOfTheReportingDomainAndVerifies() throws Exception {
        List<DkimKeyStore.StoredKey> keys = new DkimKeyStore(store.settings()).generate("local.test", Optional.empty(),
                clock.instant());
        for (DkimKeyStore.StoredKey k : keys) {
            dns.txt(k.selector() + "._domainkey.local.test", k.txtRecord());
        }
        store.reports().recordDmarc(evaluation(DAY.plusSeconds(3600), "sender.test", "192.0.2.1", true));
        dns.txt("_dmarc.sender.test", "v=DMARC1; p=reject; rua=mailto:dmarc@sender.test");

        scheduler.runDue();

        byte[] mail = queuedText(store.queue().list(10).getFirst()).getBytes(StandardCharsets.US_ASCII);
        List<DkimResult> results = new DkimVerifier(dns, clock).verify(MailMessage.parse(mail));
        assertThat(results).hasSize(2).allSatisfy(r -> {
            assertThat(r).isInstanceOf(DkimResult.Pass.class);
            assertThat(r.info().domain()).isEqualTo("local.test");
        });
        assertThat(results).extracting(r -> r.info().algorithm()).containsExactlyInAnyOrder("rsa-sha256", "ed25519-sha256");
    }

    @Test
    void reportMailOfADomainWithoutKeysGoesUnsigned() throws Exception {
        store.reports().recordDmarc(evaluation(DAY.plusSeconds(3600), "sender.test", "192.0.2.1", true));
        dns.txt("_dmarc.sender.test", "v=DMARC1; p=reject; rua=mailto:dmarc@sender.test");
        scheduler.runDue();
        assertThat(queuedText(store.queue().list(10).getFirst())).doesNotContain("DKIM-Signature");
    }
}
