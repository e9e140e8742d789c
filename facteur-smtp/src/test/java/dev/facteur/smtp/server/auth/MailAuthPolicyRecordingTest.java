package dev.facteur.smtp.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.smtp.proto.MailParameters;
import dev.facteur.smtp.proto.RcptParameters;
import dev.facteur.smtp.server.AcceptedRecipient;
import dev.facteur.smtp.server.Envelope;

import dev.facteur.smtp.server.SessionInfo;
import dev.facteur.smtp.server.SmtpRole;
import dev.facteur.store.ReportStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 9990 §3: each evaluation against a published policy becomes a stored row. */
class MailAuthPolicyRecordingTest {
    private static final Instant NOW = Instant.parse("2026-04-01T10:00:00Z");
    private final InMemoryDnsResolver dns = new InMemoryDnsResolver();
    private final List<ReportStore.DmarcEvaluation> recorded = new ArrayList<>();

    private MailAuthPolicy policy() {
        return MailAuthPolicy.recording(dns, "mx.local.test", InstantSource.fixed(NOW), new ListReportStore(recorded));
    }

    private static SessionInfo session() {
        return new SessionInfo("c1", SmtpRole.MX, new InetSocketAddress("192.0.2.9", 40000), Optional.of("mail.sender.test"),
                true, Optional.empty(), Optional.empty());
    }

    private static Envelope envelope(String sender) {
        return new Envelope(Optional.of(EmailAddress.parse(sender)), MailParameters.NONE, List.of(new AcceptedRecipient(
                EmailAddress.parse("bob@local.test"), RcptParameters.NONE, new AcceptedRecipient.Destination.Remote())));
    }

    private static byte[] message(String from) {
        return ("From: " + from + "\r\nTo: bob@local.test\r\nSubject: hi\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void anSpfAlignedPassIsRecordedWithThePublishedPolicy() {
        dns.txt("sender.test", "v=spf1 ip4:192.0.2.9 -all");
        dns.txt("_dmarc.sender.test", "v=DMARC1; p=reject; sp=quarantine; adkim=s; pct=50; fo=1; rua=mailto:d@sender.test");
        MailAuthPolicy policy = policy();
        policy.onMailFrom(session(), Optional.of(EmailAddress.parse("bounce@sender.test")));
        policy.onMessage(session(), envelope("bounce@sender.test"), message("alice@sender.test"));
        assertThat(recorded).hasSize(1);
        ReportStore.DmarcEvaluation e = recorded.getFirst();
        assertThat(e.at()).isEqualTo(NOW);
        assertThat(e.sourceIp()).isEqualTo("192.0.2.9");
        assertThat(e.headerFrom()).isEqualTo("sender.test");
        assertThat(e.envelopeFrom()).isEqualTo("bounce@sender.test");
        assertThat(e.envelopeTo()).isEqualTo("local.test");
        assertThat(e.helo()).isEqualTo("mail.sender.test");
        assertThat(e.policyDomain()).isEqualTo("sender.test");
        assertThat(e.spfResult()).isEqualTo("pass");
        assertThat(e.spfScope()).isEqualTo("mfrom");
        assertThat(e.spfAligned()).isTrue();
        assertThat(e.dkimAligned()).isFalse();
        assertThat(e.dkim()).isEmpty();
        assertThat(e.policy()).isEqualTo(new ReportStore.PublishedPolicy("reject", Optional.of("quarantine"),
                Optional.empty(), "s", "r", true, "1"));
        assertThat(e.disposition()).isEqualTo("none");
    }

    @Test
    void aFailureRecordsTheDispositionApplied() {
        dns.txt("sender.test", "v=spf1 -all");
        dns.txt("_dmarc.sender.test", "v=DMARC1; p=quarantine");
        policy().onMessage(session(), envelope("bounce@sender.test"), message("alice@sender.test"));
        assertThat(recorded).singleElement().satisfies(e -> {
            assertThat(e.disposition()).isEqualTo("quarantine");
            assertThat(e.spfResult()).isEqualTo("fail");
            assertThat(e.spfAligned()).isFalse();
        });
    }

    @Test
    void messagesWithoutAPolicyAreNotRecorded() {
        dns.txt("sender.test", "v=spf1 -all");
        policy().onMessage(session(), envelope("bounce@sender.test"), message("alice@sender.test"));
        assertThat(recorded).isEmpty();
    }

    /** Keeps evaluations in a list; the other methods are not used by the policy. */
    private record ListReportStore(List<ReportStore.DmarcEvaluation> rows) implements ReportStore {
        @Override
        public void recordDmarc(DmarcEvaluation evaluation) {
            rows.add(evaluation);
        }

        @Override
        public List<DmarcEvaluation> dmarcEvaluations(Instant from, Instant until) {
            return List.copyOf(rows);
        }

        @Override
        public void recordTls(TlsSession session) {
            throw new AssertionError("not used");
        }

        @Override
        public List<TlsSession> tlsSessions(Instant from, Instant until) {
            return List.of();
        }

        @Override
        public Optional<Long> saveReceived(ReceivedReport report) {
            return Optional.empty();
        }

        @Override
        public List<ReceivedReport.Summary> receivedReports(int limit) {
            return List.of();
        }

        @Override
        public Optional<ReceivedReport> receivedReport(long id) {
            return Optional.empty();
        }

        @Override
        public int prune(Instant before) {
            return 0;
        }
    }
}
