package dev.facteur.smtp.outbound;

import static dev.facteur.smtp.outbound.DeliveryHarness.rcpt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.smtp.client.TestCerts;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 8460 §4: each session's TLS outcome reaches the observer with its policy and result type. */
class TlsSessionObserverTest {
    private static final String BODY = "Subject: tls\r\n\r\nbody\r\n";

    @TempDir
    Path dir;
    private DeliveryHarness h;
    private PolicyServer policies;
    private DeliveryService service;
    private final List<TlsSessionObserver.TlsSessionResult> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void world() {
        h = new DeliveryHarness(dir);
        policies = new PolicyServer();
        h.dns.mx("far.test", 10, "mx.far.test").a("mx.far.test", "127.0.0.2")
                .mx("good.test", 10, "mx.good.test").a("mx.good.test", "127.0.0.2");
        service = new DeliveryService(h.settings(), new DeliveryService.Collaborators(h.store.queue(), h.store.blobs(),
                h.store.settings(), h.resolver, TestCerts.trustingTestCa(), Optional.of(policies.fetcher()),
                (rcpt, message, utf8) -> { }, h.meters, h.clock, RandomGenerator.of("L64X128MixRandom")), seen::add);
    }

    @AfterEach
    void close() {
        service.close();
        policies.close();
        h.close();
    }

    @Test
    void aVerifiedMtaStsSessionIsASuccessUnderTheStsPolicy() {
        h.peer2.tls = TestCerts.goodServer();
        h.dns.txt("_mta-sts.good.test", "v=STSv1; id=1");
        policies.policies.put("good.test", PolicyServer.policy("enforce", "mx.good.test"));
        h.enqueue("alice@a.test", BODY, rcpt("x@good.test"));
        service.deliverDue();
        assertThat(seen).singleElement().satisfies(r -> {
            assertThat(r.policyDomain()).isEqualTo("good.test");
            assertThat(r.policyType()).isEqualTo(TlsSessionObserver.PolicyType.STS);
            assertThat(r.mxHost()).isEqualTo("mx.good.test");
            assertThat(r.receivingIp().getHostAddress()).isEqualTo("127.0.0.2");
            assertThat(r.failure()).isEmpty();
            // RFC 8460 §4.4: the policy-string of an sts policy is its text, line by line.
            assertThat(r.policyStrings()).containsExactly("version: STSv1", "mode: enforce", "mx: mx.good.test",
                    "max_age: 86400");
        });
    }

    @Test
    void anUntrustedCertificateUnderMtaStsIsReportedAsSuch() {
        h.peer2.tls = TestCerts.selfSignedServer();
        h.dns.txt("_mta-sts.far.test", "v=STSv1; id=1");
        policies.policies.put("far.test", PolicyServer.policy("enforce", "mx.far.test"));
        h.enqueue("alice@a.test", BODY, rcpt("x@far.test"));
        service.deliverDue();
        assertThat(seen).singleElement().satisfies(r -> {
            assertThat(r.policyType()).isEqualTo(TlsSessionObserver.PolicyType.STS);
            assertThat(r.failure()).contains("certificate-not-trusted");
        });
    }

    @Test
    void aCertificateForAnotherHostIsAHostMismatch() {
        h.peer2.tls = TestCerts.goodServer(); // issued for mx.good.test, served as mx.far.test
        h.dns.txt("_mta-sts.far.test", "v=STSv1; id=1");
        policies.policies.put("far.test", PolicyServer.policy("enforce", "mx.far.test"));
        h.enqueue("alice@a.test", BODY, rcpt("x@far.test"));
        service.deliverDue();
        assertThat(seen).singleElement().satisfies(r -> assertThat(r.failure()).contains("certificate-host-mismatch"));
    }

    @Test
    void aPeerWithoutStarttlsIsReportedUnderNoPolicyFound() {
        h.enqueue("alice@a.test", BODY, rcpt("x@far.test"));
        service.deliverDue();
        assertThat(h.peer2.received()).hasSize(1);
        assertThat(seen).singleElement().satisfies(r -> {
            assertThat(r.policyType()).isEqualTo(TlsSessionObserver.PolicyType.NO_POLICY_FOUND);
            assertThat(r.policyStrings()).isEmpty();
            assertThat(r.failure()).contains("starttls-not-supported");
        });
    }
}
