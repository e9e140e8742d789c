package dev.facteur.toolkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.facteur.auth.dns.DnsjavaResolver;
import dev.facteur.testkit.dns.TestDnsServer;
import dev.facteur.toolkit.harness.TestCertificates;
import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Report;
import dev.facteur.toolkit.report.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MTA-STS end to end: the policy fetched over real HTTPS from loopback servers (port 0) whose
 * names come from the in-process DNS, the certificate verified against a test root the checker is
 * given (verification stays on). Each broken policy raises its own finding and no other.
 */
class MtaStsLiveTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final String GOOD_POLICY = "version: STSv1\r\nmode: enforce\r\nmx: mx.%s\r\nmax_age: 604800\r\n";
    /** Per domain: the mta-sts area's warning and error codes a correct checker reports. */
    static final Map<String, Set<String>> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("stsgood.test", Set.of());
        EXPECTED.put("stsmx.test", Set.of("mta-sts-mx-mismatch"));
        EXPECTED.put("stscert.test", Set.of("mta-sts-certificate-invalid"));
        EXPECTED.put("sts404.test", Set.of("mta-sts-policy-not-found"));
        EXPECTED.put("ststype.test", Set.of("mta-sts-content-type"));
        EXPECTED.put("stsnotxt.test", Set.of("mta-sts-policy-without-txt"));
        EXPECTED.put("stsbadid.test", Set.of("mta-sts-txt-invalid"));
        EXPECTED.put("stsnone.test", Set.of());
    }

    static TestDnsServer dns;
    static final List<HttpsServer> servers = new ArrayList<>();
    static DomainChecker checker;

    @BeforeAll
    static void start() throws Exception {
        dns = TestDnsServer.start();
        List<String> names = EXPECTED.keySet().stream().map(d -> "mta-sts." + d).toList();
        TestCertificates.Identity root = TestCertificates.create(names, NOW.minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
        // The wrong certificate names another host; it is signed by a key the checker does not trust either.
        TestCertificates.Identity wrong = TestCertificates.create(List.of("elsewhere.test"), NOW.minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
        int port = startPair(root, wrong);
        for (String d : EXPECTED.keySet()) {
            dns.mx(d, 10, "mx." + d).a("mx." + d, "127.0.0.2").txt(d, "v=spf1 mx -all");
            if (!d.equals("stsnone.test")) {
                dns.a("mta-sts." + d, d.equals("stscert.test") ? "127.0.0.71" : "127.0.0.70");
            }
            switch (d) {
                case "stsnotxt.test", "stsnone.test" -> { }
                case "stsbadid.test" -> dns.txt("_mta-sts." + d, "v=STSv1; id=not valid!");
                default -> dns.txt("_mta-sts." + d, "v=STSv1; id=20261126");
            }
        }
        var resolver = new DnsjavaResolver(DnsjavaResolver.Config.of(List.of(dns.hostPort()), Duration.ofMillis(500)));
        checker = new DomainChecker(resolver, InstantSource.fixed(NOW), new HttpsPolicyFetcher(resolver, port, root.trust(), Duration.ofSeconds(2)));
    }

    /** The good server on 127.0.0.70 and the one with the wrong certificate on 127.0.0.71, on one port. */
    private static int startPair(TestCertificates.Identity good, TestCertificates.Identity wrong) throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            HttpsServer first = server(InetAddress.getByName("127.0.0.70"), 0, good);
            int port = first.getAddress().getPort();
            try {
                servers.add(server(InetAddress.getByName("127.0.0.71"), port, wrong));
                servers.add(first);
                return port;
            } catch (BindException e) {
                first.stop(0);
            }
        }
        throw new IOException("no port free on 127.0.0.70 and 127.0.0.71");
    }

    private static HttpsServer server(InetAddress address, int port, TestCertificates.Identity id) throws Exception {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(address, port), 16);
        s.setHttpsConfigurator(new HttpsConfigurator(id.serverContext()));
        s.createContext("/.well-known/mta-sts.txt", ex -> {
            String host = ex.getRequestHeaders().getFirst("Host").replaceFirst(":[0-9]+$", "");
            String domain = host.substring("mta-sts.".length());
            int status = domain.equals("sts404.test") ? 404 : 200;
            String body = status == 404 ? "not found" : domain.equals("stsmx.test") ? GOOD_POLICY.formatted("other.test") : GOOD_POLICY.formatted(domain);
            ex.getResponseHeaders().set("Content-Type", domain.equals("ststype.test") ? "text/html; charset=utf-8" : "text/plain; charset=utf-8");
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        s.start();
        return s;
    }

    @AfterAll
    static void stop() {
        servers.forEach(s -> s.stop(0));
        dns.close();
    }

    private static Report check(String domain) {
        return checker.check(domain, new DomainCheckOptions(List.of(), false, 25, List.of(), Duration.ofSeconds(2), "check.test"));
    }

    @Test
    void eachPolicyFaultFiresItsOwnFindingAndNoOther() {
        Map<String, Set<String>> got = new LinkedHashMap<>();
        for (String d : EXPECTED.keySet()) {
            got.put(d, check(d).area("mta-sts").stream().filter(f -> f.severity() != Severity.OK).map(Finding::code).collect(Collectors.toSet()));
        }
        assertThat(got).isEqualTo(EXPECTED);
    }

    @Test
    void aGoodPolicyIsFetchedOverVerifiedHttpsAndCoversTheMx() {
        Report r = check("stsgood.test");
        assertThat(r.area("mta-sts")).extracting(Finding::code).containsExactly("mta-sts-policy");
        assertThat(r.area("mta-sts").getFirst().explanation()).contains("mode enforce").contains("covering every MX host");
        assertThat(check("stsnone.test").area("mta-sts")).extracting(Finding::code).containsExactly("mta-sts-none");
    }

    @Test
    void theBadCertificateIsNamedInTheFinding() {
        Finding f = check("stscert.test").area("mta-sts").stream().filter(x -> x.severity() == Severity.ERROR).findFirst().orElseThrow();
        assertThat(f.explanation()).contains("mta-sts.stscert.test");
        assertThat(f.fix()).contains("subjectAltName");
    }
}
