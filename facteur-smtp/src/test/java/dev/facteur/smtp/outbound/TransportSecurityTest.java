package dev.facteur.smtp.outbound;

import static dev.facteur.smtp.outbound.DeliveryHarness.rcpt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.smtp.client.TestCerts;
import dev.facteur.store.QueuedMessage;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MTA-STS, DANE, REQUIRETLS and an authenticated smarthost, against loopback peers. */
class TransportSecurityTest {

    private static final String BODY = "Subject: secure\r\n\r\nbody\r\n";

    @TempDir
    Path dir;
    private DeliveryHarness h;
    private PolicyServer policies;

    @BeforeEach
    void world() {
        h = new DeliveryHarness(dir);
        policies = new PolicyServer();
        h.dns.mx("good.test", 10, "mx.good.test").a("mx.good.test", "127.0.0.2")
                .mx("bad.test", 10, "mx.bad.test").a("mx.bad.test", "127.0.0.2");
    }

    @AfterEach
    void close() {
        policies.close();
        h.close();
    }

    private DeliveryService service() {
        return h.service(h.settings(), Optional.of(policies.fetcher()));
    }

    @Test
    void mtaStsEnforceDeliversOverVerifiedTls() {
        h.peer2.tls = TestCerts.goodServer();
        h.dns.txt("_mta-sts.good.test", "v=STSv1; id=20260101");
        policies.policies.put("good.test", PolicyServer.policy("enforce", "mx.good.test"));
        h.enqueue("alice@a.test", BODY, rcpt("x@good.test"));
        service().deliverDue();
        assertThat(h.peer2.received()).singleElement().satisfies(r -> assertThat(r.tls()).isTrue());
        assertThat(h.counter("facteur.outbound.tls", "result", "pkix")).isEqualTo(1);
    }

    @Test
    void mtaStsEnforceWithABadCertificateIsNotDeliveredAndIsCounted() {
        h.peer2.tls = TestCerts.selfSignedServer();
        h.dns.txt("_mta-sts.bad.test", "v=STSv1; id=1");
        policies.policies.put("bad.test", PolicyServer.policy("enforce", "mx.bad.test"));
        QueuedMessage q = h.enqueue("alice@a.test", BODY, rcpt("x@bad.test"));
        service().deliverDue();
        assertThat(h.peer2.received()).isEmpty();
        assertThat(h.peer2.commands()).noneMatch(c -> c.startsWith("MAIL"));
        assertThat(h.store.queue().find(q.id()).orElseThrow().lastError()).contains("4.7.5");
        assertThat(h.counter("facteur.outbound.tls", "result", "failed")).isEqualTo(1);
        assertThat(h.dsns).isEmpty();
    }

    @Test
    void mtaStsEnforceRefusesTlsLessPeer() {
        h.dns.txt("_mta-sts.bad.test", "v=STSv1; id=1");
        policies.policies.put("bad.test", PolicyServer.policy("enforce", "mx.bad.test"));
        h.enqueue("alice@a.test", BODY, rcpt("x@bad.test"));
        service().deliverDue();
        assertThat(h.peer2.received()).isEmpty();
    }

    @Test
    void mtaStsEnforceSkipsMxHostsOutsideThePolicy() {
        h.dns.txt("_mta-sts.bad.test", "v=STSv1; id=1");
        policies.policies.put("bad.test", PolicyServer.policy("enforce", "*.elsewhere.test"));
        QueuedMessage q = h.enqueue("alice@a.test", BODY, rcpt("x@bad.test"));
        service().deliverDue();
        assertThat(h.peer2.connections()).isZero();
        assertThat(h.store.queue().find(q.id()).orElseThrow().lastError()).contains("matches its MTA-STS policy");
    }

    @Test
    void mtaStsTestingModeReportsTheFailureButDelivers() {
        h.peer2.tls = TestCerts.selfSignedServer();
        h.dns.txt("_mta-sts.bad.test", "v=STSv1; id=1");
        policies.policies.put("bad.test", PolicyServer.policy("testing", "mx.bad.test"));
        h.enqueue("alice@a.test", BODY, rcpt("x@bad.test"));
        service().deliverDue();
        assertThat(h.peer2.received()).singleElement();
        assertThat(h.counter("facteur.outbound.mtasts", "event", "testing-failure")).isEqualTo(1);
    }

    @Test
    void mtaStsPolicyIsCachedUntilItsIdChanges() {
        h.peer2.tls = TestCerts.goodServer();
        h.dns.txt("_mta-sts.good.test", "v=STSv1; id=1");
        policies.policies.put("good.test", PolicyServer.policy("enforce", "mx.good.test"));
        DeliveryService s = service();
        h.enqueue("alice@a.test", BODY, rcpt("x@good.test"));
        s.deliverDue();
        h.enqueue("alice@a.test", BODY, rcpt("y@good.test"));
        s.deliverDue();
        assertThat(policies.fetches.get()).isEqualTo(1);
        // The web server goes away: the cached policy stays in force (RFC 8461 §5.1).
        policies.policies.clear();
        h.peer2.tls = TestCerts.selfSignedServer();
        h.peer2.dropConnections();
        h.enqueue("alice@a.test", BODY, rcpt("z@good.test"));
        s.deliverDue();
        assertThat(h.peer2.received()).hasSize(2);
    }

    @Test
    void policyServedWithTheWrongContentTypeIsIgnored() {
        h.peer2.tls = TestCerts.selfSignedServer();
        h.dns.txt("_mta-sts.bad.test", "v=STSv1; id=1");
        policies.policies.put("bad.test", PolicyServer.policy("enforce", "mx.bad.test"));
        policies.contentTypes.put("bad.test", "text/html");
        h.enqueue("alice@a.test", BODY, rcpt("x@bad.test"));
        service().deliverDue();
        assertThat(h.peer2.received()).singleElement();
    }

    @Test
    void daneMatchingTlsaIsEnforcedWhenTheAnswersAreAuthenticated() {
        h.peer2.tls = TestCerts.selfSignedServer();
        String tlsa = "_" + h.port() + "._tcp.mx.bad.test";
        h.dns.authenticated("bad.test").authenticated(tlsa)
                .tlsa(tlsa, 3, 1, 1, TestCerts.spkiSha256("selfsigned.p12"));
        h.enqueue("alice@a.test", BODY, rcpt("x@bad.test"));
        service().deliverDue();
        assertThat(h.peer2.received()).singleElement().satisfies(r -> assertThat(r.tls()).isTrue());
        assertThat(h.counter("facteur.outbound.tls", "result", "dane")).isEqualTo(1);
    }

    @Test
    void daneMismatchIsNotDelivered() {
        h.peer2.tls = TestCerts.selfSignedServer();
        String tlsa = "_" + h.port() + "._tcp.mx.bad.test";
        h.dns.authenticated("bad.test").authenticated(tlsa).tlsa(tlsa, 3, 1, 1, TestCerts.spkiSha256("good.p12"));
        QueuedMessage q = h.enqueue("alice@a.test", BODY, rcpt("x@bad.test"));
        service().deliverDue();
        assertThat(h.peer2.received()).isEmpty();
        assertThat(h.store.queue().find(q.id()).orElseThrow().lastError()).contains("4.7.5");
    }

    @Test
    void unauthenticatedTlsaRecordsAreIgnored() {
        h.peer2.tls = TestCerts.selfSignedServer();
        String tlsa = "_" + h.port() + "._tcp.mx.bad.test";
        h.dns.tlsa(tlsa, 3, 1, 1, TestCerts.spkiSha256("good.p12"));
        h.enqueue("alice@a.test", BODY, rcpt("x@bad.test"));
        service().deliverDue();
        assertThat(h.peer2.received()).singleElement();
        assertThat(h.counter("facteur.outbound.tls", "result", "opportunistic")).isEqualTo(1);
    }

    @Test
    void requireTlsToAPeerWithoutTheExtensionBouncesWith5730() throws Exception {
        h.peer2.tls = TestCerts.goodServer();
        h.dns.txt("_mta-sts.good.test", "v=STSv1; id=1");
        policies.policies.put("good.test", PolicyServer.policy("enforce", "mx.good.test"));
        h.enqueue("alice@a.test", BODY, true, rcpt("x@good.test"));
        service().deliverDue();
        assertThat(h.peer2.received()).isEmpty();
        assertThat(DsnParser.parse(h.dsns.getFirst().message()).status()).contains("Status: 5.7.30");
    }

    @Test
    void requireTlsIsDeliveredWhenEveryConditionHolds() {
        h.peer2.tls = TestCerts.goodServer();
        h.peer2.extensions.add("REQUIRETLS");
        h.dns.txt("_mta-sts.good.test", "v=STSv1; id=1");
        policies.policies.put("good.test", PolicyServer.policy("enforce", "mx.good.test"));
        h.enqueue("alice@a.test", BODY, true, rcpt("x@good.test"));
        service().deliverDue();
        assertThat(h.peer2.received()).singleElement().satisfies(r -> assertThat(r.mailParams()).contains("REQUIRETLS"));
    }

    @Test
    void smarthostGetsEverythingOverVerifiedTlsWithAuth() {
        h.dns.a("relay.good.test", "127.0.0.3");
        h.peer3.tls = TestCerts.goodServer();
        h.peer3.authUser = "facteur";
        h.peer3.authPassword = "relay-secret";
        DeliverySettings b = h.settings();
        DeliverySettings viaRelay = new DeliverySettings(b.hostname(), b.port(), b.lifetime(), Optional.empty(),
                Optional.of(new Relay("relay.good.test", h.port(),
                        Optional.of(new Relay.Credentials("facteur", "relay-secret")), true)),
                Map.of(), 8, 4, b.destinationWait(), b.lease(), b.pollInterval(), false, true, true, b.client(), "node-a");
        h.enqueue("alice@a.test", BODY, rcpt("x@good.test"), rcpt("y@anywhere.test"));
        h.service(viaRelay, Optional.empty()).deliverDue();
        assertThat(h.peer2.connections()).isZero();
        assertThat(h.peer3.received()).hasSize(2).allSatisfy(r -> {
            assertThat(r.tls()).isTrue();
            assertThat(r.authUser()).isEqualTo("facteur");
        });
    }

    @Test
    void smarthostWithAnUntrustedCertificateGetsNothing() {
        h.dns.a("relay.bad.test", "127.0.0.3");
        h.peer3.tls = TestCerts.selfSignedServer();
        DeliverySettings b = h.settings();
        DeliverySettings viaRelay = new DeliverySettings(b.hostname(), b.port(), b.lifetime(), Optional.empty(),
                Optional.of(new Relay("relay.bad.test", h.port(), Optional.empty(), true)),
                Map.of(), 8, 4, b.destinationWait(), b.lease(), b.pollInterval(), false, true, true, b.client(), "node-a");
        h.enqueue("alice@a.test", BODY, rcpt("x@good.test"));
        h.service(viaRelay, Optional.empty()).deliverDue();
        assertThat(h.peer3.received()).isEmpty();
        assertThat(h.peer3.commands()).noneMatch(c -> c.startsWith("AUTH") || c.startsWith("MAIL"));
    }
}
