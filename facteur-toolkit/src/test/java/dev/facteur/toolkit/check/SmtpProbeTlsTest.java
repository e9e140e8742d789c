package dev.facteur.toolkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.toolkit.harness.FakeClientServer;
import dev.facteur.toolkit.harness.FakeMailHost;
import dev.facteur.toolkit.harness.LoopbackInternet;
import dev.facteur.toolkit.harness.TestCertificates;
import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Report;
import dev.facteur.toolkit.report.Severity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MX probe's STARTTLS, TLS version and certificate findings against loopback SMTP peers, each
 * showing its own finding and no other. The test roots are not in the system trust store the probe
 * uses for MX hosts, so every TLS case also carries the warning tls-chain-untrusted.
 */
class SmtpProbeTlsTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final String[] MODERN = {"TLSv1.3", "TLSv1.2"};
    LoopbackInternet net;
    AutoCloseable server;

    @BeforeEach
    void internet() throws Exception {
        net = new LoopbackInternet();
    }

    @AfterEach
    void close() throws Exception {
        if (server != null) {
            server.close();
        }
        net.close();
    }

    /** Checks d (MX mx.d at 127.0.0.1) with the probe on {@code port}; the smtp area's codes by severity. */
    private Map<Severity, Set<String>> probe(String domain, int port) {
        net.dns().mx(domain, 10, "mx." + domain).a("mx." + domain, "127.0.0.1");
        DomainChecker checker = new DomainChecker(net.resolver(Duration.ofSeconds(2)), InstantSource.fixed(NOW), d -> new PolicyFetcher.Result.Failed("unused"));
        Report r = checker.check(domain, new DomainCheckOptions(List.of(), true, port, List.of(), Duration.ofSeconds(2), "check.test"));
        return r.area("smtp").stream().collect(Collectors.groupingBy(Finding::severity, Collectors.mapping(Finding::code, Collectors.toSet())));
    }

    private int smtp(SSLContext tls, String... protocols) throws Exception {
        FakeClientServer f = new FakeClientServer(new FakeClientServer.Behaviour(FakeClientServer.Protocol.SMTP, false, tls, protocols,
                List.of(), List.of(), false, Map.of(), false));
        server = f;
        return f.port();
    }

    private static SSLContext cert(String name, Instant from, Instant to) throws Exception {
        return TestCertificates.create(name, from, to).serverContext();
    }

    @Test
    void aGoodStartTlsMxShowsVersionDatesAndName() throws Exception {
        int port = smtp(cert("mx.good.test", NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(90))), MODERN);
        Map<Severity, Set<String>> r = probe("good.test", port);
        assertThat(r.get(Severity.OK)).contains("smtp-banner", "smtp-ehlo", "tls-version", "tls-certificate-dates", "tls-certificate-name");
        assertThat(r.get(Severity.WARN)).containsExactly("tls-chain-untrusted");
        assertThat(r.get(Severity.ERROR)).isNull();
    }

    @Test
    void certificateFaultsEachRaiseTheirOwnFinding() throws Exception {
        record Case(String domain, SSLContext tls, String problem) {
        }
        for (Case c : List.of(
                new Case("expired.test", cert("mx.expired.test", NOW.minus(Duration.ofDays(100)), NOW.minus(Duration.ofDays(1))), "tls-certificate-expired"),
                new Case("expiring.test", cert("mx.expiring.test", NOW.minus(Duration.ofDays(80)), NOW.plus(Duration.ofDays(5))), "tls-certificate-expiring"),
                new Case("misnamed.test", cert("other.example", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90))), "tls-certificate-name-mismatch"))) {
            int port = smtp(c.tls(), MODERN);
            Map<Severity, Set<String>> r = probe(c.domain(), port);
            Set<String> problems = new java.util.HashSet<>(r.getOrDefault(Severity.WARN, Set.of()));
            problems.addAll(r.getOrDefault(Severity.ERROR, Set.of()));
            assertThat(problems).as(c.domain()).containsExactlyInAnyOrder(c.problem(), "tls-chain-untrusted");
            server.close();
        }
    }

    @Test
    void aTlsOneZeroMxIsOutdatedOrFailsButNeverPasses() throws Exception {
        int port = smtp(cert("mx.old.test", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90))), "TLSv1");
        Map<Severity, Set<String>> r = probe("old.test", port);
        // The test JVM enables TLS 1.0 (legacy-tls.security), so the probe's client negotiates it and names it.
        assertThat(r.get(Severity.ERROR)).containsExactly("tls-outdated");
        assertThat(r.get(Severity.OK)).doesNotContain("tls-version");
    }

    @Test
    void anMxThatRefusesEhloIsReported() throws Exception {
        net.host("mx.noehlo.test", "127.0.0.46", FakeMailHost.Behaviour.of(FakeMailHost.Mode.NO_EHLO));
        net.dns().mx("noehlo.test", 10, "mx.noehlo.test");
        DomainChecker checker = new DomainChecker(net.resolver(Duration.ofSeconds(2)), InstantSource.fixed(NOW), d -> new PolicyFetcher.Result.Failed("unused"));
        Report r = checker.check("noehlo.test", new DomainCheckOptions(List.of(), true, net.smtpPort(), List.of(), Duration.ofSeconds(2), "check.test"));
        assertThat(r.area("smtp")).filteredOn(f -> f.severity() != Severity.OK).extracting(Finding::code).containsExactly("smtp-no-ehlo");
    }

    @Test
    void aRefusedStartTlsAndABrokenHandshakeAreDistinctErrors() throws Exception {
        server = scripted("454 4.7.0 TLS not available due to local problem");
        assertThat(probe("refuses.test", ((Scripted) server).port()).get(Severity.ERROR)).containsExactly("smtp-starttls-refused");
        server.close();
        server = scripted("220 2.0.0 go ahead");
        assertThat(probe("breaks.test", ((Scripted) server).port()).get(Severity.ERROR)).containsExactly("smtp-tls-failed");
    }

    /** An SMTP peer that offers STARTTLS and answers it with {@code reply}, then sends clear text instead of TLS. */
    private static Scripted scripted(String reply) throws IOException {
        return new Scripted(reply);
    }

    static final class Scripted implements AutoCloseable {
        private final ServerSocket s = new ServerSocket();

        Scripted(String startTlsReply) throws IOException {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread.ofVirtual().start(() -> {
                while (!s.isClosed()) {
                    try (Socket c = s.accept()) {
                        c.setSoTimeout(10_000);
                        BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
                        OutputStream out = c.getOutputStream();
                        out.write("220 scripted.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                        for (String l = in.readLine(); l != null; l = in.readLine()) {
                            String u = l.toUpperCase(java.util.Locale.ROOT);
                            String r = u.startsWith("EHLO") ? "250-scripted.test\r\n250 STARTTLS" : u.equals("STARTTLS") ? startTlsReply
                                    : u.equals("QUIT") ? "221 bye" : "502 no";
                            out.write((r + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            if (u.equals("STARTTLS") && r.startsWith("220")) {
                                out.write("this is not a TLS ServerHello at all\r\n".getBytes(StandardCharsets.US_ASCII));
                                break;
                            }
                            if (u.equals("QUIT")) {
                                break;
                            }
                        }
                    } catch (IOException e) {
                        // next connection
                    }
                }
            });
        }

        int port() {
            return s.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            s.close();
        }
    }
}
