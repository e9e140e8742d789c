package dev.facteur.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.core.config.ReportsConfig;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.smtp.proto.MailParameters;
import dev.facteur.smtp.proto.RcptParameters;
import dev.facteur.smtp.server.AcceptedRecipient;
import dev.facteur.smtp.server.Envelope;
import dev.facteur.smtp.server.SessionInfo;
import dev.facteur.smtp.server.SmtpRole;
import dev.facteur.smtp.server.auth.MailAuthPolicy;
import dev.facteur.store.QueuedMessage;
import dev.facteur.store.TestClock;
import dev.facteur.store.TestStores;
import dev.facteur.store.sql.SqlStore;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 9991: failure reports where fo= asks, to authorised ruf= addresses, rate-limited. */
class FailureReporterTest {
    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(Instant.parse("2026-04-01T10:00:00Z"));
    private final InMemoryDnsResolver dns = new InMemoryDnsResolver();
    private SqlStore store;
    private MailAuthPolicy policy;

    @BeforeEach
    void open() {
        store = TestStores.sqlite(dir, clock);
        FailureReporter reporter = new FailureReporter(store, dns, EmailAddress.parse("reports@local.test"), "mx.local.test",
                clock, Runnable::run);
        policy = MailAuthPolicy.recording(dns, "mx.local.test", clock, store.reports(), Optional.of(reporter));
        dns.txt("sender.test", "v=spf1 -all");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void receive(String subject) {
        SessionInfo session = new SessionInfo("c", SmtpRole.MX, new InetSocketAddress("192.0.2.66", 4000),
                Optional.of("spoofer.test"), true, Optional.empty(), Optional.empty());
        Envelope envelope = new Envelope(Optional.of(EmailAddress.parse("x@sender.test")), MailParameters.NONE,
                List.of(new AcceptedRecipient(EmailAddress.parse("bob@local.test"), RcptParameters.NONE,
                        new AcceptedRecipient.Destination.Remote())));
        policy.onMessage(session, envelope, ("From: ceo@sender.test\r\nSubject: " + subject + "\r\n\r\nsecret body\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    private String text(QueuedMessage q) throws Exception {
        try (InputStream in = store.blobs().open(q.message().blob())) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aFailureTheRecordAsksAboutIsReportedWithHeadersOnly() throws Exception {
        dns.txt("_dmarc.sender.test", "v=DMARC1; p=reject; fo=1; ruf=mailto:ruf@sender.test,mailto:ruf@elsewhere.test");
        receive("wire money");
        List<QueuedMessage> queued = store.queue().list(10);
        assertThat(queued).singleElement().satisfies(q -> assertThat(q.recipients().getFirst().recipient().address())
                .as("the unauthorised external ruf gets nothing").isEqualTo("ruf@sender.test"));
        String report = text(queued.getFirst());
        assertThat(report).contains("report-type=feedback-report").contains("Feedback-Type: auth-failure")
                .contains("Auth-Failure: dmarc").contains("Source-IP: 192.0.2.66").contains("Reported-Domain: sender.test")
                .contains("Subject: wire money").doesNotContain("secret body");
    }

    @Test
    void failureReportsAreRateLimitedPerDomainPerHour() {
        dns.txt("_dmarc.sender.test", "v=DMARC1; p=quarantine; ruf=mailto:ruf@sender.test");
        for (int i = 0; i < FailureReporter.PER_DOMAIN_PER_HOUR + 5; i++) {
            receive("spoof " + i);
        }
        assertThat(store.queue().size()).isEqualTo(FailureReporter.PER_DOMAIN_PER_HOUR);
        clock.advance(Duration.ofMinutes(61));
        receive("later");
        assertThat(store.queue().size()).isEqualTo(FailureReporter.PER_DOMAIN_PER_HOUR + 1);
    }

    @Test
    void noReportWithoutRufOrWhenFoDoesNotAsk() {
        dns.txt("_dmarc.sender.test", "v=DMARC1; p=reject; fo=d; ruf=mailto:ruf@sender.test");
        receive("spf fails but fo=d asks about DKIM only, and there is no signature");
        assertThat(store.queue().size()).isZero();
    }

    @Test
    void theConfigurationDecidesWhetherFailureReportsExist() {
        var on = new ReportsConfig(true, Optional.of(EmailAddress.parse("r@local.test")), "x", true, Optional.empty(),
                Duration.ofDays(30));
        var off = new ReportsConfig(true, Optional.of(EmailAddress.parse("r@local.test")), "x", false, Optional.empty(),
                Duration.ofDays(30));
        assertThat(FailureReporter.forConfig(on, store, dns, "mx.local.test", clock)).isPresent();
        assertThat(FailureReporter.forConfig(off, store, dns, "mx.local.test", clock)).isEmpty();
    }
}
