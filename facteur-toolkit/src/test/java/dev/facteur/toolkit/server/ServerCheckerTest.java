package dev.facteur.toolkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.toolkit.harness.FakeClientServer;
import dev.facteur.toolkit.harness.FakeClientServer.Behaviour;
import dev.facteur.toolkit.harness.FakeClientServer.Protocol;
import dev.facteur.toolkit.harness.TestCertificates;
import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Severity;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loopback SMTP, IMAP and POP3 peers with known faults; each fault's finding fires there and only there. */
class ServerCheckerTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static TestCertificates.Identity good;
    static TestCertificates.Identity expired;
    static final String[] MODERN = {"TLSv1.3", "TLSv1.2"};
    static final Map<String, String> USERS = Map.of("alice", "s3cret");
    final List<FakeClientServer> servers = new ArrayList<>();
    final Map<Service, Integer> ports = new EnumMap<>(Service.class);

    @BeforeAll
    static void certificates() throws Exception {
        good = TestCertificates.create("mail.test", NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(90)));
        expired = TestCertificates.create("mail.test", NOW.minus(Duration.ofDays(100)), NOW.minus(Duration.ofDays(1)));
    }

    @AfterEach
    void close() throws Exception {
        for (FakeClientServer s : servers) {
            s.close();
        }
    }

    private void serve(Service s, Behaviour b) throws Exception {
        FakeClientServer f = new FakeClientServer(b);
        servers.add(f);
        ports.put(s, f.port());
    }

    private void standardSet(SSLContext tls) throws Exception {
        serve(Service.SUBMISSIONS, new Behaviour(Protocol.SMTP, true, tls, MODERN, List.of(), List.of("PLAIN", "LOGIN"), false, USERS, false));
        serve(Service.SUBMISSION, new Behaviour(Protocol.SMTP, false, tls, MODERN, List.of(), List.of("PLAIN", "LOGIN"), false, USERS, false));
        serve(Service.IMAP, new Behaviour(Protocol.IMAP, false, tls, MODERN, List.of(), List.of("PLAIN"), false, USERS, false));
        serve(Service.IMAPS, new Behaviour(Protocol.IMAP, true, tls, MODERN, List.of(), List.of("PLAIN"), false, USERS, false));
        serve(Service.POP3, new Behaviour(Protocol.POP3, false, tls, MODERN, List.of(), List.of("PLAIN"), false, USERS, false));
        serve(Service.POP3S, new Behaviour(Protocol.POP3, true, tls, MODERN, List.of(), List.of("PLAIN"), false, USERS, false));
    }

    private ServerReport check(Optional<ServerCheckOptions.Credentials> credentials) throws Exception {
        ServerChecker checker = new ServerChecker(h -> List.of(InetAddress.getLoopbackAddress()), InstantSource.fixed(NOW), good.trust());
        return checker.check("mail.test", new ServerCheckOptions(ports, Duration.ofSeconds(2), credentials, "client.test"));
    }

    private static Set<String> problems(ServerReport r) {
        return r.report().findings().stream().filter(f -> f.severity() != Severity.OK).map(Finding::code).collect(Collectors.toSet());
    }

    @Test
    void aCorrectServerHasNoProblemsAndGivesClientSettings() throws Exception {
        standardSet(good.serverContext());
        ServerReport r = check(Optional.of(new ServerCheckOptions.Credentials("alice", "s3cret")));
        assertThat(problems(r)).isEmpty();
        assertThat(r.settings()).containsExactly(
                new ClientSetting("SMTP (sending)", "mail.test", ports.get(Service.SUBMISSIONS), "SSL/TLS", "normal password"),
                new ClientSetting("IMAP", "mail.test", ports.get(Service.IMAPS), "SSL/TLS", "normal password"),
                new ClientSetting("POP3", "mail.test", ports.get(Service.POP3S), "SSL/TLS", "normal password"));
        assertThat(r.ports()).filteredOn(p -> p.service() == Service.SUBMISSION).singleElement().satisfies(p -> {
            assertThat(p.security()).isEqualTo("starttls");
            assertThat(p.saslBeforeTls()).isEmpty();
            assertThat(p.saslAfterTls()).containsExactly("PLAIN", "LOGIN");
            assertThat(p.tls()).singleElement().asString().startsWith("TLSv1.3");
            assertThat(p.login()).isEqualTo("ok");
        });
        assertThat(r.report().findings()).filteredOn(f -> f.code().equals("login-ok")).hasSize(6);
        // Every TLS port, STARTTLS ones included, was enumerated: 1.2 and 1.3, strong suites only.
        assertThat(r.ports()).hasSize(6).allSatisfy(p -> assertThat(p.tlsOffered()).extracting(TlsOffer::version).containsExactly("TLSv1.2", "TLSv1.3"));
        assertThat(r.report().findings()).filteredOn(f -> f.code().equals("tls-versions")).hasSize(6)
                .allSatisfy(f -> assertThat(f.explanation()).contains("TLSv1.2 (").contains("TLSv1.3 (3 suites)"));
    }

    @Test
    void port25WithoutStartTlsIsAWarningAndAClosedPortIsNoted() throws Exception {
        serve(Service.SMTP, new Behaviour(Protocol.SMTP, false, null, MODERN, List.of(), List.of(), false, USERS, false));
        java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ports.put(Service.POP3, probe.getLocalPort());
        probe.close();
        ServerReport r = check(Optional.empty());
        assertThat(problems(r)).containsExactlyInAnyOrder("no-starttls", "no-secure-smtp", "no-secure-imap");
        assertThat(r.report().findings()).filteredOn(f -> f.code().equals("port-closed")).singleElement()
                .satisfies(f -> assertThat(f.area()).isEqualTo("pop3 " + ports.get(Service.POP3)));
        assertThat(r.report().has("cleartext-only")).isFalse();
    }

    @Test
    void aHostWithoutAddressIsOneError() {
        ServerReport r = new ServerChecker(h -> List.of(), InstantSource.fixed(NOW)).check("mail.test", ServerCheckOptions.standard(Duration.ofSeconds(1), Optional.empty()));
        assertThat(r.report().findings()).extracting(Finding::code).containsExactly("host-not-found");
        assertThat(r.ports()).isEmpty();
    }

    @Test
    void anIncompleteScanIsAWarningBesideWhatWasFound() {
        var scan = new dev.facteur.toolkit.tls.TlsScan(List.of(new dev.facteur.toolkit.tls.TlsScan.Offer(dev.facteur.toolkit.tls.TlsVersion.TLS_1_2,
                List.of(dev.facteur.toolkit.tls.CipherSuite.LEGACY.getFirst()))), false, List.of("TLSv1.3: no answer in time"), 3);
        List<Finding> found = new ArrayList<>();
        TlsFindings.report("imaps 993", 993, scan, found::add);
        assertThat(found).extracting(Finding::code).containsExactly("tls-versions", "tls-scan-incomplete");
        assertThat(found.get(1).explanation()).contains("TLSv1.3: no answer in time");
    }

    @Test
    void badCredentialsSayWhichStepFailedOnEachPort() throws Exception {
        standardSet(good.serverContext());
        ServerReport r = check(Optional.of(new ServerCheckOptions.Credentials("alice", "wrong")));
        assertThat(problems(r)).containsExactly("login-failed-credentials");
        assertThat(r.ports()).extracting(PortReport::login).containsOnly("credentials");
    }

    @Test
    void clearTextOnlyWithPlainBeforeTlsIsFlagged() throws Exception {
        serve(Service.IMAP, new Behaviour(Protocol.IMAP, false, null, MODERN, List.of("PLAIN"), List.of(), false, USERS, false));
        ServerReport r = check(Optional.of(new ServerCheckOptions.Credentials("alice", "s3cret")));
        assertThat(problems(r)).containsExactlyInAnyOrder("cleartext-only", "plain-over-cleartext", "login-not-tried", "no-secure-smtp", "no-secure-imap");
    }

    @Test
    void tlsOneZeroOnlyServerIsReportedAsOutdated() throws Exception {
        serve(Service.IMAPS, new Behaviour(Protocol.IMAP, true, good.serverContext(), new String[] {"TLSv1"}, List.of(), List.of("PLAIN"), false, USERS, false));
        ServerReport r = check(Optional.empty());
        assertThat(problems(r)).containsExactlyInAnyOrder("tls-handshake-failed", "tls-outdated", "no-secure-smtp", "no-secure-imap");
        assertThat(r.report().findings()).filteredOn(f -> f.code().equals("tls-handshake-failed")).singleElement()
                .satisfies(f -> assertThat(f.explanation()).contains("accepts only TLSv1,"));
        assertThat(r.ports()).singleElement().satisfies(p -> {
            assertThat(p.security()).isEqualTo("tls-failed");
            assertThat(p.tlsOffered()).singleElement().satisfies(o -> {
                assertThat(o.version()).isEqualTo("TLSv1");
                assertThat(o.deprecated()).isTrue();
            });
        });
    }

    @Test
    void tlsOneOneBesideModernVersionsOnAStartTlsPortIsOutdatedButConnects() throws Exception {
        serve(Service.SUBMISSION, new Behaviour(Protocol.SMTP, false, good.serverContext(), new String[] {"TLSv1.3", "TLSv1.2", "TLSv1.1"},
                List.of(), List.of("PLAIN"), false, USERS, false));
        ServerReport r = check(Optional.empty());
        assertThat(problems(r)).containsExactlyInAnyOrder("tls-outdated", "no-secure-imap");
        assertThat(r.ports()).singleElement().extracting(PortReport::tlsOffered).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .extracting(o -> ((TlsOffer) o).version()).containsExactly("TLSv1.1", "TLSv1.2", "TLSv1.3");
    }

    @Test
    void weakAndInsecureSuitesAreFlaggedWhereOffered() throws Exception {
        var table = Map.of(dev.facteur.toolkit.tls.TlsVersion.TLS_1_3, List.of("TLS_AES_128_GCM_SHA256"),
                dev.facteur.toolkit.tls.TlsVersion.TLS_1_2, List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"));
        var weak = new dev.facteur.toolkit.harness.FakeTlsServer(good.serverContext(), table, dev.facteur.toolkit.harness.FakeTlsServer.Mode.NORMAL);
        ports.put(Service.IMAPS, weak.port());
        try (weak) {
            ServerReport r = check(Optional.empty());
            assertThat(problems(r)).containsExactlyInAnyOrder("tls-weak-cipher", "tls-insecure-cipher", "no-secure-smtp");
            assertThat(r.report().findings()).filteredOn(f -> f.code().equals("tls-weak-cipher")).singleElement()
                    .satisfies(f -> assertThat(f.explanation()).contains("TLS_RSA_WITH_AES_128_GCM_SHA256").doesNotContain("3DES"));
            assertThat(r.report().findings()).filteredOn(f -> f.code().equals("tls-insecure-cipher")).singleElement()
                    .satisfies(f -> assertThat(f.explanation()).contains("TLS_RSA_WITH_3DES_EDE_CBC_SHA").doesNotContain("AES_128_GCM"));
        }
    }

    @Test
    void theTlsScanCanBeSwitchedOff() throws Exception {
        serve(Service.IMAPS, new Behaviour(Protocol.IMAP, true, good.serverContext(), new String[] {"TLSv1"}, List.of(), List.of("PLAIN"), false, USERS, false));
        ServerChecker checker = new ServerChecker(h -> List.of(InetAddress.getLoopbackAddress()), InstantSource.fixed(NOW), good.trust());
        ServerReport r = checker.check("mail.test", new ServerCheckOptions(ports, Duration.ofSeconds(2), Optional.empty(), "client.test").withTlsScan(false));
        assertThat(problems(r)).containsExactlyInAnyOrder("tls-handshake-failed", "no-secure-smtp", "no-secure-imap");
        assertThat(r.ports()).singleElement().extracting(PortReport::tlsOffered).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).isEmpty();
    }

    @Test
    void expiredCertificateIsAnError() throws Exception {
        serve(Service.IMAPS, new Behaviour(Protocol.IMAP, true, expired.serverContext(), MODERN, List.of(), List.of("PLAIN"), false, USERS, false));
        ServerChecker checker = new ServerChecker(h -> List.of(InetAddress.getLoopbackAddress()), InstantSource.fixed(NOW), expired.trust());
        ServerReport r = checker.check("mail.test", new ServerCheckOptions(ports, Duration.ofSeconds(2), Optional.empty(), "client.test"));
        assertThat(problems(r)).containsExactlyInAnyOrder("tls-certificate-expired", "no-secure-smtp");
    }

    @Test
    void oauth2OnlyServerIsNotedAndAPasswordLoginFailsAtTheMechanism() throws Exception {
        serve(Service.IMAPS, new Behaviour(Protocol.IMAP, true, good.serverContext(), MODERN, List.of(), List.of("XOAUTH2", "OAUTHBEARER"), true, USERS, false));
        ServerReport r = check(Optional.of(new ServerCheckOptions.Credentials("alice", "s3cret")));
        assertThat(problems(r)).containsExactlyInAnyOrder("oauth2-only", "login-failed-mechanism", "no-secure-smtp");
        assertThat(r.settings()).extracting(ClientSetting::authentication).containsExactly("OAuth2");
    }

    @Test
    void aStalledServerAndAWrongProtocolAreBoundedFindings() throws Exception {
        serve(Service.IMAP, new Behaviour(Protocol.IMAP, false, null, MODERN, List.of(), List.of(), false, USERS, true));
        serve(Service.POP3, new Behaviour(Protocol.SMTP, false, null, MODERN, List.of(), List.of(), false, USERS, false));
        long t0 = System.nanoTime();
        ServerReport r = check(Optional.empty());
        assertThat(problems(r)).contains("port-timeout", "port-protocol-error");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void endlessAndTricklingRepliesEndInBoundedFindings() throws Exception {
        var endless = new dev.facteur.toolkit.harness.FakeMailHost(InetAddress.getLoopbackAddress(), 0,
                dev.facteur.toolkit.harness.FakeMailHost.Behaviour.of(dev.facteur.toolkit.harness.FakeMailHost.Mode.ENDLESS));
        var trickle = new dev.facteur.toolkit.harness.FakeMailHost(InetAddress.getLoopbackAddress(), 0,
                dev.facteur.toolkit.harness.FakeMailHost.Behaviour.of(dev.facteur.toolkit.harness.FakeMailHost.Mode.TRICKLE));
        try (endless; trickle) {
            ports.put(Service.SMTP, endless.port());
            ports.put(Service.SUBMISSION, trickle.port());
            long t0 = System.nanoTime();
            ServerReport r = check(Optional.empty());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
            assertThat(r.report().findings()).filteredOn(f -> f.area().equals("smtp " + endless.port())).extracting(Finding::code).containsExactly("port-protocol-error");
            assertThat(r.report().findings()).filteredOn(f -> f.area().equals("submission " + trickle.port())).extracting(Finding::code)
                    .containsAnyOf("port-timeout", "port-protocol-error");
        }
    }

    @Test
    void garbageHostIsOneClearError() throws Exception {
        ServerReport r = new ServerChecker(h -> List.of(), InstantSource.fixed(NOW)).check("not a host!", ServerCheckOptions.standard(Duration.ofSeconds(1), Optional.empty()));
        assertThat(r.report().findings()).extracting(Finding::code).containsExactly("invalid-host");
    }
}
