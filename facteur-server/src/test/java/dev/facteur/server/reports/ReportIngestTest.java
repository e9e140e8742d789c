package dev.facteur.server.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facteur.auth.dmarc.report.AggregateReport;
import dev.facteur.auth.dmarc.report.ReportMessages;
import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.core.config.ReportsConfig;
import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.store.Account;
import dev.facteur.store.Flags;
import dev.facteur.store.NewMessage;
import dev.facteur.store.ReportStore;
import dev.facteur.store.TestClock;
import dev.facteur.store.TestStores;
import dev.facteur.store.sql.SqlStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports sent to our ingest address are parsed and stored once; hostile attachments are refused. */
class ReportIngestTest {
    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(Instant.parse("2026-04-02T08:00:00Z"));
    private SqlStore store;
    private ReportScheduler scheduler;
    private long inbox;

    @BeforeEach
    void open() {
        store = TestStores.sqlite(dir, clock);
        store.directory().addDomain(Domain.of("local.test"));
        Account a = store.directory().addAccount(EmailAddress.parse("dmarc@local.test"), "$argon2id$test");
        inbox = store.mailboxes().find(a.id(), "INBOX").orElseThrow().id();
        scheduler = new ReportScheduler(store, new InMemoryDnsResolver(), new ReportsConfig(false, Optional.empty(), "x",
                false, Optional.of(EmailAddress.parse("dmarc@local.test")), Duration.ofDays(30)), (u, b) -> true, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void deliver(byte[] message) throws Exception {
        store.mailboxes().append(inbox, new NewMessage(store.blobs().put(message), message.length, clock.instant(),
                Flags.NONE, new byte[0], ""));
    }

    private static AggregateReport report(String id) {
        return new AggregateReport("1.0", new AggregateReport.Metadata("Other Receiver", "noreply@other.test", Optional.empty(),
                id, 1774915200, 1775001600, List.of()),
                new AggregateReport.PolicyPublished("local.test", Optional.of("r"), Optional.of("r"), "quarantine",
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                List.of(new AggregateReport.Row("192.0.2.1", 5, "none", "pass", "fail", List.of(), Optional.empty(),
                        Optional.of("local.test"), "local.test", List.of(), List.of())));
    }

    private static byte[] mailWith(String contentType, byte[] attachment) {
        String b64 = Base64.getMimeEncoder().encodeToString(attachment);
        return ("From: x@other.test\r\nTo: dmarc@local.test\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: " + contentType + "\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + b64 + "\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aReportMailIsStoredOnceAndReadOnlyOnce() throws Exception {
        byte[] mail = ReportMessages.aggregate(report("r-1"), "noreply@other.test", "dmarc@local.test", "other.test", clock.instant());
        deliver(mail);
        deliver(mail); // the same report again: a duplicate
        ReportInbox.Pass pass = scheduler.runDue().ingested().orElseThrow();
        assertThat(pass).isEqualTo(new ReportInbox.Pass(2, 1, 1, 0));
        assertThat(scheduler.runDue().ingested().orElseThrow().messages()).as("messages already read").isZero();
        ReportStore.ReceivedReport.Summary s = store.reports().receivedReports(10).getFirst();
        assertThat(s.reportId()).isEqualTo("r-1");
        assertThat(s.policyDomain()).isEqualTo("local.test");
        assertThat(s.messages()).isEqualTo(5);
        assertThat(s.passed()).isEqualTo(5);
        assertThat(s.begin()).isEqualTo(Instant.ofEpochSecond(1774915200));
    }

    @Test
    void decompressionBombsEntitiesAndGarbageAreRefusedWithoutStoppingTheOthers() throws Exception {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bomb)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros); // 64 MiB of zeros, twice the decompression limit
            }
        }
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("r.xml"));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 40; i++) {
                z.write(spaces);
            }
            z.closeEntry();
        }
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<feedback><report_metadata><report_id>&x;</report_id></report_metadata></feedback>";
        deliver(mailWith("application/gzip", bomb.toByteArray()));
        deliver(mailWith("application/zip", zip.toByteArray()));
        deliver(mailWith("text/xml", xxe.getBytes(StandardCharsets.US_ASCII)));
        deliver("Subject: hello\r\n\r\nnot a report\r\n".getBytes(StandardCharsets.US_ASCII));
        deliver(ReportMessages.aggregate(report("good"), "noreply@other.test", "dmarc@local.test", "other.test", clock.instant()));

        ReportInbox.Pass pass = scheduler.runDue().ingested().orElseThrow();

        assertThat(pass).isEqualTo(new ReportInbox.Pass(5, 1, 0, 4));
        assertThat(store.reports().receivedReports(10)).extracting(ReportStore.ReceivedReport.Summary::reportId)
                .containsExactly("good");
    }

    @Test
    void theSampleReportsGiveTheSameFactsAsTheirJson() throws Exception {
        String root = System.getProperty("facteur.testdata");
        assumeTrue(root != null && Files.isDirectory(Path.of(root, "dmarc-reports")),
                "facteur.testdata/dmarc-reports is absent: sample reports unavailable, test skipped");
        Path samples = Path.of(root, "dmarc-reports");
        List<String> names = List.of("001.xml", "002.xml", "003.xml", "004.xml", "005.xml", "100.eml", "101.eml", "102.eml",
                "103.eml", "104.eml");
        ObjectMapper json = new ObjectMapper();
        for (String name : names) {
            ReportImport.Result r = ReportImport.importMessage(store.reports(), Files.readAllBytes(samples.resolve(name)),
                    clock.instant());
            assertThat(r.stored() + r.duplicates()).as(name + ": " + r.cause()).isEqualTo(1);
            if (r.duplicates() == 1) {
                continue; // two samples share reporter and report id: RFC 9990 §5 dedupes on them
            }
            JsonNode expected = json.readTree(samples.resolve(name.replaceAll("\\.(xml|eml)$", ".json")).toFile());
            String reportId = expected.at("/report_metadata/report_id").asText();
            ReportStore.ReceivedReport.Summary s = store.reports().receivedReports(100).stream()
                    .filter(x -> x.reportId().equals(reportId)).findFirst().orElseThrow();
            long count = 0;
            for (JsonNode rec : expected.get("record")) {
                count += rec.at("/row/count").asLong();
            }
            assertThat(s.messages()).as(name).isEqualTo(count);
            assertThat(s.policyDomain()).as(name).isEqualTo(expected.at("/policy_published/domain").asText());
            assertThat(s.begin().getEpochSecond()).as(name).isEqualTo(expected.at("/report_metadata/date_range/begin").asLong());
        }
    }
}
