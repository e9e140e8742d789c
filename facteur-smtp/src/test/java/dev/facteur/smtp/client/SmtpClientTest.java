package dev.facteur.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facteur.auth.dns.DnsRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmtpClientTest {

    private static final SmtpClientSettings FAST = SmtpClientSettings.uniform(Duration.ofSeconds(5));
    private final FakeSmtpPeer peer = FakeSmtpPeer.start("127.0.0.1", 0);

    @AfterEach
    void stop() {
        peer.close();
    }

    private SmtpClient connect(SmtpClientSettings s) throws SmtpClientException {
        return SmtpClient.connect(peer.address(), s);
    }

    private static Envelope envelope(String... rcpts) {
        return new Envelope("alice@a.test", List.of("SIZE=100"),
                java.util.Arrays.stream(rcpts).map(r -> new Envelope.Recipient(r, List.of())).toList());
    }

    @Test
    void pipelinedTransactionSendsMailRcptAndDataInOneBatch() throws Exception {
        try (SmtpClient c = connect(FAST)) {
            assertThat(c.greeting().code()).isEqualTo(220);
            assertThat(c.ehlo("client.test").isPositive()).isTrue();
            TransactionResult r = c.send(envelope("b@b.test", "c@b.test"), MessageContent.of(
                    "Subject: hi\r\n\r\n.leading dot\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)), true);
            assertThat(r.delivered()).isTrue();
            c.quit();
        }
        FakeSmtpPeer.Received got = peer.received().getFirst();
        assertThat(got.pipelined()).isTrue();
        assertThat(got.bdat()).isFalse();
        assertThat(got.rcptTo()).containsExactly("b@b.test", "c@b.test");
        assertThat(got.text()).isEqualTo("Subject: hi\r\n\r\n.leading dot\r\nbody\r\n");
    }

    @Test
    void chunkingIsUsedWhenOfferedAndTheBytesArriveUnchanged() throws Exception {
        peer.extensions.add("CHUNKING");
        byte[] message = "Subject: x\r\n\r\n.\r\nline\r\n".getBytes(StandardCharsets.US_ASCII);
        try (SmtpClient c = connect(FAST)) {
            c.ehlo("client.test");
            assertThat(c.send(envelope("b@b.test"), MessageContent.of(message), true).delivered()).isTrue();
        }
        assertThat(peer.received().getFirst().bdat()).isTrue();
        assertThat(peer.received().getFirst().data()).isEqualTo(message);
    }

    @Test
    void bareLineFeedsAreRepairedInData() throws Exception {
        try (SmtpClient c = connect(FAST)) {
            c.ehlo("client.test");
            c.send(envelope("b@b.test"), MessageContent.of("A: b\n\nx\n.\nend".getBytes(StandardCharsets.US_ASCII)), false);
        }
        assertThat(peer.received().getFirst().text()).isEqualTo("A: b\r\n\r\nx\r\n.\r\nend\r\n");
    }

    @Test
    void rejectedRecipientsAreReportedAndTheOthersStillGetTheMessage() throws Exception {
        peer.rcptReply = r -> r.startsWith("bad") ? "550 5.1.1 No such user" : "250 2.1.5 OK";
        try (SmtpClient c = connect(FAST)) {
            c.ehlo("client.test");
            TransactionResult r = c.send(envelope("bad@b.test", "good@b.test"), MessageContent.of("x\r\n".getBytes()), false);
            assertThat(r.rcptReplies().get(0).status()).contains(EnhancedStatus.of(5, 1, 1));
            assertThat(r.rcptReplies().get(1).isPositive()).isTrue();
            assertThat(r.delivered()).isTrue();
        }
        assertThat(peer.received().getFirst().rcptTo()).containsExactly("good@b.test");
    }

    @Test
    void withoutPipeliningCommandsGoOneByOneAndStopAfterRefusedMail() throws Exception {
        peer.extensions.remove("PIPELINING");
        peer.mailReply = "451 4.3.0 Try later";
        try (SmtpClient c = connect(FAST)) {
            c.ehlo("client.test");
            TransactionResult r = c.send(envelope("b@b.test"), MessageContent.of("x\r\n".getBytes()), false);
            assertThat(r.mailReply().isTransient()).isTrue();
            assertThat(r.rcptReplies()).isEmpty();
            assertThat(r.dataReply()).isEmpty();
        }
        assertThat(peer.commands()).noneMatch(cmd -> cmd.startsWith("RCPT"));
    }

    @Test
    void opportunisticStartTlsAcceptsASelfSignedCertificate() throws Exception {
        peer.tls = TestCerts.selfSignedServer();
        try (SmtpClient c = connect(FAST)) {
            c.ehlo("client.test");
            assertThat(c.capabilities().startTls()).isTrue();
            assertThat(c.startTls(new TlsPolicy.Opportunistic(), "mx.bad.test").code()).isEqualTo(220);
            assertThat(c.capabilities().pipelining()).as("extensions forgotten after STARTTLS").isFalse();
            c.ehlo("client.test");
            assertThat(c.capabilities().startTls()).isFalse();
            assertThat(c.send(envelope("b@b.test"), MessageContent.of("x\r\n".getBytes()), false).delivered()).isTrue();
        }
        assertThat(peer.received().getFirst().tls()).isTrue();
    }

    @Test
    void pkixStartTlsRefusesASelfSignedCertificate() throws Exception {
        peer.tls = TestCerts.selfSignedServer();
        try (SmtpClient c = connect(FAST)) {
            c.ehlo("client.test");
            assertThatThrownBy(() -> c.startTls(new TlsPolicy.Pkix(TestCerts.trustingTestCa(), "mx.bad.test"), "mx.bad.test"))
                    .isInstanceOf(SmtpClientException.class)
                    .extracting(e -> ((SmtpClientException) e).kind()).isEqualTo(SmtpClientException.Kind.TLS_FAILED);
        }
    }

    @Test
    void pkixStartTlsChecksTheHostName() throws Exception {
        peer.tls = TestCerts.goodServer();
        try (SmtpClient c = connect(FAST)) {
            c.ehlo("client.test");
            assertThat(c.startTls(new TlsPolicy.Pkix(TestCerts.trustingTestCa(), "mx.good.test"), "mx.good.test").code()).isEqualTo(220);
        }
        try (SmtpClient c = connect(FAST)) {
            c.ehlo("client.test");
            assertThatThrownBy(() -> c.startTls(new TlsPolicy.Pkix(TestCerts.trustingTestCa(), "mx.other.test"), "mx.other.test"))
                    .isInstanceOf(SmtpClientException.class);
        }
    }

    @Test
    void daneEndEntityRecordMatchesTheServerKeyWithoutAnyCa() throws Exception {
        peer.tls = TestCerts.selfSignedServer();
        DnsRecords.Tlsa match = new DnsRecords.Tlsa(3, 1, 1, TestCerts.spkiSha256("selfsigned.p12"));
        DnsRecords.Tlsa other = new DnsRecords.Tlsa(3, 1, 1, TestCerts.spkiSha256("good.p12"));
        try (SmtpClient c = connect(FAST)) {
            c.ehlo("client.test");
            assertThat(c.startTls(new TlsPolicy.Dane(List.of(other, match), Set.of("mx.bad.test")), "mx.bad.test").code()).isEqualTo(220);
        }
        try (SmtpClient c = connect(FAST)) {
            c.ehlo("client.test");
            assertThatThrownBy(() -> c.startTls(new TlsPolicy.Dane(List.of(other), Set.of("mx.bad.test")), "mx.bad.test"))
                    .isInstanceOf(SmtpClientException.class);
        }
    }

    @Test
    void daneTrustAnchorRecordNeedsTheNameToo() throws Exception {
        peer.tls = TestCerts.goodServer();
        DnsRecords.Tlsa ta = new DnsRecords.Tlsa(2, 0, 1, TestCerts.caCertSha256());
        try (SmtpClient c = connect(FAST)) {
            c.ehlo("client.test");
            assertThat(c.startTls(new TlsPolicy.Dane(List.of(ta), Set.of("mx.good.test")), "mx.good.test").code()).isEqualTo(220);
        }
        try (SmtpClient c = connect(FAST)) {
            c.ehlo("client.test");
            assertThatThrownBy(() -> c.startTls(new TlsPolicy.Dane(List.of(ta), Set.of("mx.evil.test")), "mx.evil.test"))
                    .isInstanceOf(SmtpClientException.class);
        }
    }

    @Test
    void authPlainOverTlsSucceedsAndWrongPasswordIsRefused() throws Exception {
        peer.tls = TestCerts.goodServer();
        peer.authUser = "relay-user";
        peer.authPassword = "s3cret";
        try (SmtpClient c = connect(FAST)) {
            c.ehlo("client.test");
            c.startTls(new TlsPolicy.Opportunistic(), "mx.good.test");
            c.ehlo("client.test");
            assertThat(c.auth("relay-user", "s3cret").code()).isEqualTo(235);
            c.send(envelope("b@b.test"), MessageContent.of("x\r\n".getBytes()), false);
        }
        assertThat(peer.received().getFirst().authUser()).isEqualTo("relay-user");
        try (SmtpClient c = connect(FAST)) {
            c.ehlo("client.test");
            c.startTls(new TlsPolicy.Opportunistic(), "mx.good.test");
            c.ehlo("client.test");
            assertThat(c.auth("relay-user", "wrong").code()).isEqualTo(535);
        }
    }

    @Test
    void credentialsAreNeverSentWithoutTls() throws Exception {
        peer.extensions.add("AUTH PLAIN");
        try (SmtpClient c = connect(FAST)) {
            c.ehlo("client.test");
            assertThatThrownBy(() -> c.auth("u", "p")).isInstanceOf(SmtpClientException.class);
        }
        assertThat(peer.commands()).noneMatch(cmd -> cmd.startsWith("AUTH"));
    }

    @Test
    void stalledPeerTimesOut() throws Exception {
        peer.stallAfterGreeting = true;
        try (SmtpClient c = connect(SmtpClientSettings.uniform(Duration.ofMillis(300)))) {
            assertThatThrownBy(() -> c.ehlo("client.test")).isInstanceOf(SmtpClientException.class)
                    .extracting(e -> ((SmtpClientException) e).kind()).isEqualTo(SmtpClientException.Kind.TIMEOUT);
        }
    }

    @Test
    void endlessEhloReplyEndsTheSession() throws Exception {
        peer.endlessReplyToEhlo = true;
        try (SmtpClient c = connect(FAST)) {
            assertThatThrownBy(() -> c.ehlo("client.test")).hasMessageContaining("too many lines");
        }
    }

    @Test
    void connectionRefusedIsReportedAsConnectFailure() throws Exception {
        // A socket bound but not listening holds its port, so that nothing else on the machine can
        // take it meanwhile (a closed listener's port could be reused), and connections are refused.
        try (java.net.Socket holder = new java.net.Socket()) {
            holder.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            int port = holder.getLocalPort();
            assertThatThrownBy(() -> SmtpClient.connect(new java.net.InetSocketAddress("127.0.0.1", port), FAST))
                    .isInstanceOf(SmtpClientException.class)
                    .extracting(e -> ((SmtpClientException) e).kind()).isEqualTo(SmtpClientException.Kind.CONNECT_FAILED);
        }
    }

    @Test
    void commandInjectionThroughArgumentsIsRefused() {
        assertThatThrownBy(() -> new Envelope("a@b\r\nRCPT TO:<x@y>", List.of(), List.of(new Envelope.Recipient("c@d", List.of()))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Envelope.Recipient("c@d", List.of("NOTIFY=SUCCESS\r\nDATA")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
