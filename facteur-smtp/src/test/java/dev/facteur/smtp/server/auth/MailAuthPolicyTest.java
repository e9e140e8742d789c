package dev.facteur.smtp.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dkim.DkimKeyGenerator;
import dev.facteur.auth.dkim.DkimSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MailAuthPolicy through a live MX listener on the real SQLite store, DNS from memory. */
class MailAuthPolicyTest {
    @TempDir
    Path dir;

    private AuthTestServer server;

    @BeforeEach
    void start() throws IOException {
        server = new AuthTestServer(dir);
        // RFC 7208: sender.test sends only from 127.0.0.1; elsewhere.test never sends.
        server.dns.txt("sender.test", "v=spf1 ip4:127.0.0.1 -all")
                .txt("_dmarc.sender.test", "v=DMARC1; p=reject")
                .txt("nodmarc.test", "v=spf1 -all")
                .txt("reject.test", "v=spf1 -all").txt("_dmarc.reject.test", "v=DMARC1; p=reject")
                .txt("quar.test", "v=spf1 -all").txt("_dmarc.quar.test", "v=DMARC1; p=quarantine")
                .txt("temp.test", "v=spf1 -all").timeout("_dmarc.temp.test");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String sendMx(String from, String message) throws IOException {
        try (SmtpLineClient c = new SmtpLineClient(server.mx())) {
            assertThat(c.reply()).startsWith("220");
            assertThat(c.command("EHLO client.test")).startsWith("250");
            return c.transaction(from, "alice@example.com", message);
        }
    }

    private static String message(String from, String subject) {
        return "From: <" + from + ">\r\nTo: <alice@example.com>\r\nSubject: " + subject
                + "\r\nDate: Thu, 26 Nov 2026 20:00:00 +0000\r\nMessage-ID: <" + subject + "@test>\r\n\r\nHello.\r\n";
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex, Pattern.MULTILINE).matcher(text).results().count();
    }

    private String onlyInboxMessage() throws IOException {
        List<String> inbox = server.inbox(AuthTestServer.ALICE);
        assertThat(inbox).hasSize(1);
        return inbox.getFirst();
    }

    @Test
    void spfAndDkimPassGiveDmarcPassInExactlyOneAuthenticationResultsField() throws Exception {
        var key = DkimKeyGenerator.ed25519();
        server.dns.txt("s1._domainkey.sender.test", key.txtRecord());
        byte[] signed = new DkimSigner(List.of(key.signingKey("sender.test", "s1")), InstantSource.system())
                .signedMessage(message("a@sender.test", "signed").getBytes(StandardCharsets.US_ASCII));

        assertThat(sendMx("a@sender.test", new String(signed, StandardCharsets.US_ASCII))).startsWith("250 2.0.0");

        String stored = onlyInboxMessage();
        assertThat(count(stored, "^Authentication-Results:")).isEqualTo(1);
        assertThat(stored).contains("Authentication-Results: mx.example.com;")
                .containsPattern("spf=pass[^;]* smtp.mailfrom=a@sender.test")
                .containsPattern("dkim=pass[^;]* header.d=sender.test header.s=s1")
                .containsPattern("dmarc=pass[^;]* header.from=sender.test").contains("arc=none");
        // The field sits above Received, below Return-Path: added by this hop.
        assertThat(stored.indexOf("Authentication-Results:")).isLessThan(stored.indexOf("Received:"));
    }

    @Test
    void spfFailWithoutDmarcIsRecordedAndDelivered() throws IOException {
        assertThat(sendMx("a@nodmarc.test", message("a@nodmarc.test", "nodmarc"))).startsWith("250 2.0.0");
        String stored = onlyInboxMessage();
        assertThat(stored).containsPattern("spf=fail[^;]* smtp.mailfrom=a@nodmarc.test").contains("dkim=none")
                .contains("dmarc=none");
    }

    @Test
    void spfRunsAtMailFromAndIsNotAskedAgainAfterData() throws IOException {
        try (SmtpLineClient c = new SmtpLineClient(server.mx())) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(c.command("MAIL FROM:<a@nodmarc.test>")).startsWith("250");
            assertThat(server.dns.queryLog()).contains("TXT nodmarc.test");
            c.command("RCPT TO:<alice@example.com>");
            c.command("DATA");
            assertThat(c.raw(message("a@nodmarc.test", "once") + "\r\n.\r\n")).startsWith("250");
        }
        assertThat(server.dns.queryLog().stream().filter("TXT nodmarc.test"::equals)).hasSize(1);
    }

    @Test
    void dmarcRejectIsRefusedWith550At5_7_1AtEndOfData() throws IOException {
        assertThat(sendMx("a@reject.test", message("a@reject.test", "forged"))).startsWith("550 5.7.1");
        assertThat(server.inbox(AuthTestServer.ALICE)).isEmpty();
    }

    @Test
    void aSpoofedFromFailsDmarcEvenWhenTheEnvelopePassesSpf() throws IOException {
        // SPF passes for sender.test, but From claims reject.test: nothing aligned (RFC 9989 §4.4).
        assertThat(sendMx("a@sender.test", message("ceo@reject.test", "spoof"))).startsWith("550 5.7.1");
    }

    @Test
    void dmarcQuarantineIsDeliveredAndMarkedForJunk() throws IOException {
        assertThat(sendMx("a@quar.test", message("a@quar.test", "quarantined"))).startsWith("250 2.0.0");
        assertThat(onlyInboxMessage()).containsPattern("dmarc=fail \\([^)]*dis=quarantine\\) header.from=quar.test");
        assertThat(server.messageSessions).hasSize(1);
        assertThat(server.policy.isQuarantine(server.messageSessions.getFirst())).isTrue();
    }

    @Test
    void aPassingMessageIsNotMarkedForJunk() throws IOException {
        assertThat(sendMx("a@nodmarc.test", message("a@nodmarc.test", "fine"))).startsWith("250");
        assertThat(server.policy.isQuarantine(server.messageSessions.getFirst())).isFalse();
    }

    @Test
    void dmarcTemperrorIsDeliveredWithTheResultRecorded() throws IOException {
        assertThat(sendMx("a@temp.test", message("a@temp.test", "temp"))).startsWith("250 2.0.0");
        assertThat(onlyInboxMessage()).contains("dmarc=temperror");
    }

    @Test
    void authenticatedSubmissionIsNotChecked() throws IOException {
        try (SmtpLineClient c = new SmtpLineClient(server.submission())) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(c.command("AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAGFsaWNlLXB3")).startsWith("235");
            assertThat(c.transaction("alice@example.com", "alice@example.com",
                    message("alice@example.com", "self"))).startsWith("250");
        }
        assertThat(onlyInboxMessage()).doesNotContain("Authentication-Results:");
        assertThat(server.dns.queryCount()).isZero();
    }
}
