package dev.facteur.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dkim.DkimKeyGenerator;
import dev.facteur.auth.dkim.DkimSigner;
import dev.facteur.auth.dmarc.Disposition;
import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.auth.results.ForgedResultsFilter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageAuthenticatorTest {

    static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-26T12:00:00Z"));
    static final DkimKeyGenerator.GeneratedKey KEY = DkimKeyGenerator.ed25519();
    static final String MESSAGE = "Authentication-Results: mx.facteur.test; dkim=pass; spf=pass; dmarc=pass\r\n"
            + "Authentication-Results: other.example; spf=fail\r\n"
            + "From: Alice <alice@sender.test>\r\nTo: bob@facteur.test\r\nSubject: hi\r\n\r\nbody\r\n";

    private static InMemoryDnsResolver dns(String dmarc) {
        return new InMemoryDnsResolver().txt("sender.test", "v=spf1 ip4:192.0.2.10 -all")
                .txt("_dmarc.sender.test", dmarc).txt("k._domainkey.sender.test", KEY.txtRecord())
                .a("sender.test", "192.0.2.10");
    }

    @Test
    void anAlignedSignedMessageFromAnAuthorisedHostPassesEverything() throws Exception {
        MessageAuthenticator auth = new MessageAuthenticator(dns("v=DMARC1; p=reject"), "mx.facteur.test", CLOCK);
        byte[] signed = new DkimSigner(List.of(KEY.signingKey("sender.test", "k")), CLOCK)
                .signedMessage(MESSAGE.getBytes(StandardCharsets.US_ASCII));
        SpfCheck spf = auth.checkSpf(InetAddress.getByName("192.0.2.10"), "mail.sender.test", "alice@sender.test");
        AuthVerdict v = auth.authenticate(spf, signed);
        assertThat(v.disposition()).isEqualTo(Disposition.DELIVER);
        assertThat(v.rejection()).isEmpty();
        assertThat(v.authenticationResultsHeader()).startsWith("Authentication-Results: mx.facteur.test;")
                .contains("spf=pass").contains("smtp.mailfrom=alice@sender.test").contains("dkim=pass")
                .contains("header.d=sender.test").contains("dmarc=pass").contains("header.from=sender.test").contains("arc=none")
                .endsWith("\r\n");
        String stored = new String(v.messageToStore(), StandardCharsets.US_ASCII);
        // The forged field claiming our authserv-id is gone; the other server's field stays.
        assertThat(stored).doesNotContain("mx.facteur.test; dkim=pass; spf=pass").contains("other.example; spf=fail");
        assertThat(stored.split("Authentication-Results: mx.facteur.test", -1)).hasSize(2);
    }

    @Test
    void anUnauthenticatedMessageUnderPRejectIsRefusedWith550() throws Exception {
        MessageAuthenticator auth = new MessageAuthenticator(dns("v=DMARC1; p=reject"), "mx.facteur.test", CLOCK);
        SpfCheck spf = auth.checkSpf(InetAddress.getByName("203.0.113.9"), "evil.test", "alice@sender.test");
        AuthVerdict v = auth.authenticate(spf, MESSAGE.getBytes(StandardCharsets.US_ASCII));
        assertThat(spf.result().keyword()).isEqualTo("fail");
        assertThat(v.disposition()).isEqualTo(Disposition.REJECT);
        assertThat(v.rejection()).contains("550 5.7.1 Message rejected by the sender domain's DMARC policy");
        assertThat(v.authenticationResultsHeader()).contains("dmarc=fail").contains("dkim=none");
        assertThat(v.causes()).anyMatch(c -> c.startsWith("dmarc=fail"));
    }

    @Test
    void quarantineDeliversToJunk() throws Exception {
        MessageAuthenticator auth = new MessageAuthenticator(dns("v=DMARC1; p=quarantine"), "mx.facteur.test", CLOCK);
        SpfCheck spf = auth.checkSpf(InetAddress.getByName("203.0.113.9"), "evil.test", "");
        AuthVerdict v = auth.authenticate(spf, MESSAGE.getBytes(StandardCharsets.US_ASCII));
        assertThat(v.deliverToJunk()).isTrue();
        assertThat(v.authenticationResultsHeader()).contains("smtp.helo=evil.test");
    }

    @Test
    void garbageInputGivesResultsNotExceptions() throws Exception {
        MessageAuthenticator auth = new MessageAuthenticator(new InMemoryDnsResolver().timeout("sender.test"), "mx.facteur.test", CLOCK);
        SpfCheck spf = auth.checkSpf(InetAddress.getByName("::1"), "", "@@@");
        byte[][] inputs = {new byte[0], "\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "DKIM-Signature: v=1; a=rsa-sha256; b=\r\nARC-Seal: i=x\r\nFrom: <>\r\n".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xff, ':', 0, '\n', '\n', (byte) 0x80}};
        for (byte[] input : inputs) {
            AuthVerdict v = auth.authenticate(spf, input);
            assertThat(v.authenticationResultsHeader()).startsWith("Authentication-Results: mx.facteur.test;");
            assertThat(v.disposition()).isEqualTo(Disposition.DELIVER);
        }
    }

    @Test
    void forgedResultsAreRecognisedThroughCommentsAndCase() {
        ForgedResultsFilter f = new ForgedResultsFilter("mx.facteur.test");
        byte[] m = ("Authentication-Results: (forged) MX.Facteur.Test 1; spf=pass\r\nSubject: x\r\n\r\nb\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(f.strip(m), StandardCharsets.US_ASCII)).isEqualTo("Subject: x\r\n\r\nb\r\n");
    }

    @Test
    void formatsTheRecordsFacteurInitPrints() {
        var dkim = DnsRecordTexts.dkim("example.com", "s2026", DkimKeyGenerator.rsa(2048));
        assertThat(dkim.name()).isEqualTo("s2026._domainkey.example.com");
        assertThat(dkim.zoneLine()).startsWith("s2026._domainkey.example.com. 3600 IN TXT \"v=DKIM1; k=rsa; p=")
                .contains("\" \"");
        assertThat(DnsRecordTexts.dmarc("example.com", dev.facteur.auth.dmarc.DmarcRecord.Policy.QUARANTINE,
                List.of("dmarc@example.com")).zoneLine())
                .isEqualTo("_dmarc.example.com. 3600 IN TXT \"v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com\"");
    }
}
