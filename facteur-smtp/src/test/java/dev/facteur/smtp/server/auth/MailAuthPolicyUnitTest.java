package dev.facteur.smtp.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.smtp.server.SessionInfo;
import dev.facteur.smtp.server.SmtpRole;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MailAuthPolicyUnitTest {
    private final InMemoryDnsResolver dns = new InMemoryDnsResolver();

    private static SessionInfo session(String id, SmtpRole role) {
        return new SessionInfo(id, role, new InetSocketAddress("192.0.2.1", 40000), Optional.of("client.test"), true,
                Optional.empty(), Optional.empty());
    }

    @Test
    void perConnectionStateIsBounded() {
        MailAuthPolicy policy = new MailAuthPolicy(new dev.facteur.auth.MessageAuthenticator(dns, "mx.example.com",
                InstantSource.system()), "mx.example.com", 3);
        for (int i = 0; i < 10; i++) {
            policy.onMailFrom(session("c" + i, SmtpRole.MX), Optional.of(EmailAddress.parse("a@x.test")));
        }
        assertThat(policy.rememberedConnections()).isEqualTo(3);
        policy.connectionClosed("c9");
        assertThat(policy.rememberedConnections()).isEqualTo(2);
    }

    @Test
    void submissionSessionsAskNoDns() {
        MailAuthPolicy policy = MailAuthPolicy.create(dns, "mx.example.com", InstantSource.system());
        policy.onMailFrom(session("s", SmtpRole.SUBMISSION), Optional.of(EmailAddress.parse("a@x.test")));
        assertThat(dns.queryCount()).isZero();
        assertThat(policy.rememberedConnections()).isZero();
    }

    @Test
    void forgedResultsClaimingOurHostAreRemovedOthersKept() {
        MailAuthPolicy policy = MailAuthPolicy.create(dns, "mx.example.com", InstantSource.system());
        String raw = "Authentication-Results: MX.example.com; dkim=pass header.d=bank.test\r\n"
                + "Authentication-Results: relay.other.test; spf=pass\r\n"
                + "Authentication-Results: mx.example.com (forged);\r\n\tdmarc=pass\r\n"
                + "From: a@bank.test\r\n\r\nAuthentication-Results: mx.example.com; body stays\r\n";
        String stripped = new String(policy.stripForgedResults(session("c", SmtpRole.MX),
                raw.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
        assertThat(stripped).isEqualTo("Authentication-Results: relay.other.test; spf=pass\r\n"
                + "From: a@bank.test\r\n\r\nAuthentication-Results: mx.example.com; body stays\r\n");
    }

    @Test
    void submittedMessagesAreNotStripped() {
        MailAuthPolicy policy = MailAuthPolicy.create(dns, "mx.example.com", InstantSource.system());
        byte[] raw = "Authentication-Results: mx.example.com; none\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(policy.stripForgedResults(session("c", SmtpRole.SUBMISSION), raw)).isSameAs(raw);
    }
}
