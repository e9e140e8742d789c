package dev.facteur.toolkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dns.DnsjavaResolver;
import dev.facteur.testkit.dns.TestDnsServer;
import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Report;
import dev.facteur.toolkit.report.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each broken domain raises exactly its own warnings and errors; the correct ones raise none. */
class DomainCheckerTest {

    static TestDnsServer dns;
    static DomainChecker checker;
    static final DomainCheckOptions OPTIONS = new DomainCheckOptions(List.of(), false, 25, List.of("bl.test"),
            Duration.ofSeconds(1), "check.test");

    @BeforeAll
    static void zone() {
        dns = TestDnsServer.start();
        BrokenDomains broken = new BrokenDomains(dns);
        checker = new DomainChecker(new DnsjavaResolver(DnsjavaResolver.Config.of(List.of(dns.hostPort()), Duration.ofMillis(300))),
                InstantSource.fixed(Instant.parse("2026-11-26T12:00:00Z")), broken.fetcher());
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    static Stream<String> domains() {
        return BrokenDomains.EXPECTED.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("domains")
    void eachDomainRaisesExactlyItsOwnWarningsAndErrors(String domain) {
        Report r = checker.check(domain, OPTIONS);
        Set<String> problems = r.findings().stream().filter(f -> f.severity() != Severity.OK).map(Finding::code).collect(Collectors.toSet());
        assertThat(problems).as(() -> new dev.facteur.toolkit.report.TextRenderer(false).render(r))
                .isEqualTo(BrokenDomains.EXPECTED.get(domain));
        for (Finding f : r.findings()) {
            if (f.severity() != Severity.OK) {
                assertThat(f.fix()).as("fix of " + f.code()).isNotBlank();
            }
        }
    }

    @Test
    void correctDomainReportsEveryAreaAsOk() {
        Report r = checker.check("good.test", OPTIONS);
        assertThat(r.worst()).isEqualTo(Severity.OK);
        assertThat(r.findings()).extracting(Finding::code).contains("mx-present", "spf-lookups", "spf-policy", "dkim-key",
                "dmarc-policy", "dmarc-alignment", "dmarc-rua", "mta-sts-policy", "tls-rpt", "dane", "fcrdns", "dnsbl-clear");
    }

    @Test
    void okOnlyFindingsAppearWhereTheyApply() {
        assertThat(checker.check("nullmx.test", OPTIONS).has("mx-null")).isTrue();
        assertThat(checker.check("good.test", OPTIONS).has("mx-null")).isFalse();
        assertThat(checker.check("a.b.inherit.test", OPTIONS).has("dmarc-inherited")).isTrue();
        assertThat(checker.check("good.test", OPTIONS).has("dmarc-inherited")).isFalse();
        Report good = checker.check("good.test", OPTIONS);
        assertThat(good.findings()).extracting(Finding::code).contains("bimi-none").doesNotContain("dane-none", "mx-equal-preference");
        assertThat(checker.check("rdnsnone.test", OPTIONS).has("dane-none")).isTrue();
        dns.mx("twomx.test", 10, "mx.shared.test").mx("twomx.test", 10, "mx2.twomx.test").a("mx2.twomx.test", "127.0.0.2");
        assertThat(checker.check("twomx.test", OPTIONS).has("mx-equal-preference")).isTrue();
    }

    @Test
    void aGivenSelectorWithoutKeyIsAnErrorAndARevokedKeyIsNot() {
        DomainCheckOptions withSelectors = new DomainCheckOptions(List.of("missing", "old"), false, 25, List.of("bl.test"), Duration.ofSeconds(1), "check.test");
        dns.txt("old._domainkey.good.test", "v=DKIM1; k=rsa; p=");
        Report r = checker.check("good.test", withSelectors);
        assertThat(r.findings()).filteredOn(f -> f.severity() != Severity.OK).extracting(Finding::code).containsExactly("dkim-selector-missing");
        assertThat(r.findings()).filteredOn(f -> f.code().equals("dkim-selector-missing")).singleElement()
                .satisfies(f -> assertThat(f.explanation()).contains("missing._domainkey.good.test"));
        assertThat(r.has("dkim-key-revoked")).isTrue();
        assertThat(checker.check("good.test", OPTIONS).has("dkim-key-revoked")).isFalse();
    }

    @Test
    void spfLookupFindingShowsTheChain() {
        Report r = checker.check("spflookups.test", OPTIONS);
        Finding f = r.findings().stream().filter(x -> x.code().equals("spf-too-many-lookups")).findFirst().orElseThrow();
        assertThat(f.explanation()).contains("11 DNS lookups").contains("spflookups.test[include:s0.spflookups.test] → s0.spflookups.test");
    }

    @Test
    void temporaryDnsFailureIsReportedAsSuchNotAsMissingRecords() {
        Report r = checker.check("tempdns.test", OPTIONS);
        assertThat(r.findings()).filteredOn(f -> f.code().equals("dns-temporary")).extracting(Finding::area).contains("mx", "spf");
        assertThat(r.has("mx-none")).isFalse();
        assertThat(r.has("spf-none")).isFalse();
    }

    @Test
    void cnameLoopsEndInABoundedFindingNotAHang() {
        dns.mx("loop.test", 10, "a.loop.test").cname("a.loop.test", "b.loop.test").cname("b.loop.test", "a.loop.test")
                .cname("_dmarc.loop.test", "_dmarc.loop.test");
        long t0 = System.nanoTime();
        Report r = checker.check("loop.test", OPTIONS);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        assertThat(r.findings()).extracting(Finding::code).contains("mx-cname");
        assertThat(r.findings()).extracting(Finding::code).containsAnyOf("mx-unusable", "dns-temporary");
    }

    @Test
    void garbageNamesGiveOneClearErrorAndNoLookups() {
        int before = dns.queries().size();
        for (String garbage : List.of("", "..", "a b.test", "x".repeat(300), "-bad-.test", "\u0000.test", "exa$mple.com")) {
            Report r = checker.check(garbage, OPTIONS);
            assertThat(r.findings()).singleElement().extracting(Finding::code).isEqualTo("invalid-domain");
            assertThat(r.worst()).isEqualTo(Severity.ERROR);
        }
        assertThat(dns.queries()).hasSize(before);
    }
}
