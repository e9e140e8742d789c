package dev.facteur.auth.dmarc.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facteur.auth.MessageAuthenticator;
import dev.facteur.auth.SpfCheck;
import dev.facteur.auth.TestData;
import dev.facteur.auth.dmarc.DmarcRecord;
import dev.facteur.auth.dns.InMemoryDnsResolver;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class DmarcReportsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The same facts as the reference parse beside each sample (another implementation's model). */
    static void assertSameFacts(AggregateReport r, JsonNode j) {
        JsonNode meta = j.get("report_metadata");
        assertThat(r.metadata().orgName()).isEqualTo(meta.get("org_name").asText());
        assertThat(r.metadata().reportId()).isEqualTo(meta.get("report_id").asText());
        assertThat(r.metadata().begin()).isEqualTo(meta.get("date_range").get("begin").asLong());
        assertThat(r.metadata().end()).isEqualTo(meta.get("date_range").get("end").asLong());
        assertThat(r.policy().domain()).isEqualTo(j.get("policy_published").get("domain").asText());
        assertThat(r.policy().p()).isEqualToIgnoringCase(j.get("policy_published").get("p").asText());
        JsonNode records = j.get("record");
        assertThat(r.records()).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            JsonNode rec = records.get(i);
            AggregateReport.Row row = r.records().get(i);
            assertThat(row.sourceIp()).isEqualTo(rec.get("row").get("source_ip").asText());
            assertThat(row.count()).isEqualTo(rec.get("row").get("count").asLong());
            assertThat(row.disposition()).isEqualToIgnoringCase(rec.get("row").get("policy_evaluated").get("disposition").asText());
            assertThat(row.headerFrom()).isEqualTo(rec.get("identifiers").get("header_from").asText());
            assertThat(row.dkimResults()).hasSize(rec.get("auth_results").get("dkim").size());
            assertThat(row.spfResults()).hasSize(rec.get("auth_results").get("spf").size());
        }
    }

    static List<Path> samples(String glob) throws Exception {
        Path dir = TestData.require("dmarc-reports");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches(glob)).sorted().toList();
        }
    }

    static JsonNode json(Path sample) throws Exception {
        String name = sample.getFileName().toString();
        return JSON.readTree(sample.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".json").toFile());
    }

    @TestFactory
    Stream<DynamicTest> everyXmlSampleParsesToTheReferenceFacts() throws Exception {
        return samples("\\d+\\.xml").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
                () -> assertSameFacts(AggregateReportXml.parse(Files.readAllBytes(p)), json(p))));
    }

    @TestFactory
    Stream<DynamicTest> everyReportMailIsIngestedFromItsZipOrGzipAttachment() throws Exception {
        return samples("\\d+\\.eml").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            ReportIngester.Outcome o = new ReportIngester().ingest(Files.readAllBytes(p));
            assertThat(o).isInstanceOf(ReportIngester.Outcome.Reports.class);
            assertSameFacts(((ReportIngester.Outcome.Reports) o).reports().getFirst(), json(p));
        }));
    }

    @Test
    void writtenReportsUseTheRfc9990NamespaceAndReadBack() throws Exception {
        AggregateReport r = AggregateReportXml.parse(Files.readAllBytes(samples("001\\.xml").getFirst()));
        String xml = AggregateReportXml.write(r);
        assertThat(xml).contains("<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">");
        assertThat(AggregateReportXml.parse(xml.getBytes(StandardCharsets.UTF_8))).isEqualTo(r);
    }

    @Test
    void ingestedReportsAreShownAsText() throws Exception {
        AggregateReport r = AggregateReportXml.parse(Files.readAllBytes(samples("001\\.xml").getFirst()));
        assertThat(ReportSummary.render(r)).contains("Domain example.com, policy p=quarantine").contains("192.168.4.4")
                .contains("123 messages");
    }

    @Test
    void hostileXmlIsRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><feedback>&x;</feedback>";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AggregateReportXml.parse(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AggregateReportXml.InvalidReport.class);
        assertThat(new ReportIngester().ingest("Subject: x\r\n\r\nnot a report\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(ReportIngester.Outcome.NoReport.class);
    }

    @Test
    void externalDestinationsNeedAnAuthorisationRecord() {
        InMemoryDnsResolver dns = new InMemoryDnsResolver().txt("example.com._report._dmarc.reports.test", "v=DMARC1");
        ExternalDestinations check = new ExternalDestinations(dns);
        assertThat(check.check("example.com", "mailto:dmarc@example.com")).isInstanceOf(ExternalDestinations.Authorisation.Authorised.class);
        assertThat(check.check("example.com", "mailto:agg@reports.test")).isInstanceOf(ExternalDestinations.Authorisation.Authorised.class);
        assertThat(check.check("example.com", "mailto:agg@elsewhere.test")).isInstanceOf(ExternalDestinations.Authorisation.NotAuthorised.class);
        assertThat(new ExternalDestinations(new InMemoryDnsResolver().timeout("example.com._report._dmarc.slow.test"))
                .check("example.com", "mailto:a@slow.test")).isInstanceOf(ExternalDestinations.Authorisation.Unknown.class);
    }

    @Test
    void collectedResultsBecomeADailyReportMailThatIngestsBack() throws Exception {
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-26T12:00:00Z"));
        InMemoryDnsResolver dns = new InMemoryDnsResolver().txt("sender.test", "v=spf1 -all")
                .txt("_dmarc.sender.test", "v=DMARC1; p=reject; rua=mailto:dmarc@sender.test");
        MessageAuthenticator auth = new MessageAuthenticator(dns, "mx.facteur.test", clock);
        var collector = new AggregateReportCollector(new AggregateReportCollector.Reporter("Facteur", "postmaster@facteur.test"));
        byte[] msg = "From: a@sender.test\r\nSubject: x\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
        InetAddress ip = InetAddress.getByName("198.51.100.7");
        for (int i = 0; i < 3; i++) {
            SpfCheck spf = auth.checkSpf(ip, "evil.test", "a@sender.test");
            collector.record(auth.authenticate(spf, msg), ip, "facteur.test");
        }
        List<AggregateReport> reports = collector.drain(Instant.parse("2026-11-26T00:00:00Z"), Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.policy().domain()).isEqualTo("sender.test");
            assertThat(r.records()).singleElement().satisfies(row -> {
                assertThat(row.count()).isEqualTo(3);
                assertThat(row.disposition()).isEqualTo("reject");
                assertThat(row.spf()).isEqualTo("fail");
            });
        });
        byte[] mail = ReportMessages.aggregate(reports.getFirst(), "postmaster@facteur.test", "dmarc@sender.test", "facteur.test",
                clock.instant());
        var back = new ReportIngester().ingest(mail);
        assertThat(back).isInstanceOfSatisfying(ReportIngester.Outcome.Reports.class,
                o -> assertThat(o.reports()).containsExactly(reports.getFirst()));
        assertThat(collector.drain(Instant.EPOCH, Instant.EPOCH)).isEmpty();
    }

    @Test
    void failureReportsAreDueOnlyWhereConfigured() throws Exception {
        var fail = new dev.facteur.auth.dmarc.DmarcResult.Fail("x.test",
                new dev.facteur.auth.dmarc.DmarcDiscovery.Found("x.test", DmarcRecord.parse("v=DMARC1; p=reject")),
                DmarcRecord.Policy.REJECT, dev.facteur.auth.dmarc.Disposition.REJECT, "no aligned pass");
        assertThat(ReportMessages.failureReportDue(DmarcRecord.parse("v=DMARC1; p=reject"), fail, List.of(), false)).isFalse();
        assertThat(ReportMessages.failureReportDue(DmarcRecord.parse("v=DMARC1; p=reject; ruf=mailto:f@x.test"), fail, List.of(), false)).isTrue();
        assertThat(ReportMessages.failureReportDue(DmarcRecord.parse("v=DMARC1; p=reject; ruf=mailto:f@x.test; fo=d"), fail, List.of(), false)).isFalse();
        String arf = new String(ReportMessages.failure("postmaster@facteur.test", "f@x.test", "mx.facteur.test", "192.0.2.1",
                "From: a@x.test\r\nSubject: s\r\n", "mx.facteur.test; dmarc=fail", "x.test", Instant.EPOCH), StandardCharsets.UTF_8);
        assertThat(arf).contains("report-type=feedback-report").contains("Feedback-Type: auth-failure").contains("Auth-Failure: dmarc");
    }
}
