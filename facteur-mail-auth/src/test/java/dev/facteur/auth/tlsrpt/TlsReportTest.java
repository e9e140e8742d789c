package dev.facteur.auth.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facteur.auth.dns.InMemoryDnsResolver;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class TlsReportTest {
    private static final Instant START = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-04-02T00:00:00Z");

    private static TlsReport report() {
        return new TlsReport("Facteur \"test\"", START, END, "mailto:reports@sender.test", "2026-04-01.far.test@mx.sender.test",
                List.of(new TlsReport.PolicyResult("sts", List.of("version: STSv1", "mode: enforce"), "far.test", 7,
                        List.of(new TlsReport.FailureDetail("certificate-expired", "mx.far.test", "198.51.100.4", 2)))));
    }

    @Test
    void theRecordListsMailtoAndHttpsDestinationsOnly() {
        var dns = new InMemoryDnsResolver().txt("_smtp._tls.far.test",
                "v=TLSRPTv1; rua=mailto:tls@far.test, https://reports.far.test/tls, ftp://x.test/");
        assertThat(TlsRptRecord.lookup(dns, "far.test")).isEqualTo(new TlsRptRecord.Lookup.Found(
                new TlsRptRecord(List.of("mailto:tls@far.test", "https://reports.far.test/tls"))));
    }

    @Test
    void twoRecordsMeanNoPolicyAndOtherTextIsIgnored() {
        var dns = new InMemoryDnsResolver().txt("_smtp._tls.a.test", "v=TLSRPTv1; rua=mailto:x@a.test")
                .txt("_smtp._tls.a.test", "v=TLSRPTv1; rua=mailto:y@a.test");
        assertThat(TlsRptRecord.lookup(dns, "a.test")).isInstanceOf(TlsRptRecord.Lookup.NotFound.class);
        assertThat(TlsRptRecord.parse("v=spf1 -all")).isEmpty();
        assertThat(TlsRptRecord.parse("v=TLSRPTv1; rua=http://insecure.test/")).isEmpty();
    }

    @Test
    void theJsonHasTheFieldsOfRfc8460Section4() throws Exception {
        JsonNode j = new ObjectMapper().readTree(TlsReportJson.write(report()));
        assertThat(j.get("organization-name").asText()).isEqualTo("Facteur \"test\"");
        assertThat(j.at("/date-range/start-datetime").asText()).isEqualTo("2026-04-01T00:00:00Z");
        assertThat(j.at("/policies/0/policy/policy-type").asText()).isEqualTo("sts");
        assertThat(j.at("/policies/0/policy/policy-string/1").asText()).isEqualTo("mode: enforce");
        assertThat(j.at("/policies/0/summary/total-successful-session-count").asLong()).isEqualTo(7);
        assertThat(j.at("/policies/0/summary/total-failure-session-count").asLong()).isEqualTo(2);
        assertThat(j.at("/policies/0/failure-details/0/result-type").asText()).isEqualTo("certificate-expired");
        assertThat(j.at("/policies/0/failure-details/0/failed-session-count").asLong()).isEqualTo(2);
    }

    @Test
    void theMailCarriesTheGzippedReportWithTheRfcHeadersAndName() throws Exception {
        String mail = new String(TlsReportMessages.mail(report(), "far.test", "reports@sender.test", "tls@far.test",
                "sender.test", END), StandardCharsets.US_ASCII);
        assertThat(mail).contains("Subject: Report Domain: far.test Submitter: sender.test Report-ID: <2026-04-01.far.test@mx.sender.test>\r\n")
                .contains("TLS-Report-Domain: far.test\r\n").contains("TLS-Report-Submitter: sender.test\r\n")
                .contains("Content-Type: multipart/report; report-type=\"tlsrpt\"")
                .contains("Content-Type: application/tlsrpt+gzip\r\n")
                .contains("filename=\"sender.test!far.test!1775001600!1775088000!2026-04-01.far.test_mx.sender.test.json.gz\"");
        String b64 = mail.substring(mail.indexOf("json.gz\"\r\n\r\n") + 11, mail.lastIndexOf("\r\n--"));
        byte[] gz = Base64.getMimeDecoder().decode(b64);
        String json = new String(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo(TlsReportJson.write(report()));
    }
}
