package dev.facteur.toolkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.toolkit.harness.FakeMailHost;
import dev.facteur.toolkit.harness.LoopbackInternet;
import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Report;
import dev.facteur.toolkit.report.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live probe of check domain against loopback MX hosts with known behaviour. */
class SmtpProbeTest {

    LoopbackInternet net;
    DomainChecker checker;
    DomainCheckOptions options;

    @BeforeEach
    void internet() throws Exception {
        net = new LoopbackInternet();
        checker = new DomainChecker(net.resolver(Duration.ofSeconds(2)), InstantSource.fixed(Instant.parse("2026-11-26T12:00:00Z")),
                d -> new PolicyFetcher.Result.Failed("unused"));
        options = new DomainCheckOptions(List.of(), true, net.smtpPort(), List.of(), Duration.ofSeconds(1), "check.test");
    }

    @AfterEach
    void close() throws Exception {
        net.close();
    }

    private Set<String> smtpCodes(Report r, Severity s) {
        return r.area("smtp").stream().filter(f -> f.severity() == s).map(Finding::code).collect(Collectors.toSet());
    }

    @Test
    void anMxWithoutStartTlsIsAnErrorAfterItsBannerAndExtensions() throws Exception {
        net.host("mx.plain.test", "127.0.0.40", FakeMailHost.Behaviour.of(FakeMailHost.Mode.NORMAL));
        net.dns().mx("plain.test", 10, "mx.plain.test");
        Report r = checker.check("plain.test", options);
        assertThat(smtpCodes(r, Severity.OK)).containsExactlyInAnyOrder("smtp-banner", "smtp-ehlo");
        assertThat(smtpCodes(r, Severity.ERROR)).containsExactly("smtp-no-starttls");
    }

    @Test
    void deadBusyAndTarpittingMxHostsAreEachReported() throws Exception {
        net.dns().mx("dead.test", 10, "mx.dead.test").a("mx.dead.test", "127.0.0.41");
        net.host("mx.busy.test", "127.0.0.42", FakeMailHost.Behaviour.of(FakeMailHost.Mode.BUSY));
        net.dns().mx("busy.test", 10, "mx.busy.test");
        net.host("mx.tarpit.test", "127.0.0.43", FakeMailHost.Behaviour.of(FakeMailHost.Mode.TARPIT));
        net.dns().mx("tarpit.test", 10, "mx.tarpit.test");
        net.host("mx.trickle.test", "127.0.0.45", FakeMailHost.Behaviour.of(FakeMailHost.Mode.TRICKLE));
        net.dns().mx("trickle.test", 10, "mx.trickle.test");
        net.host("mx.endless.test", "127.0.0.44", FakeMailHost.Behaviour.of(FakeMailHost.Mode.ENDLESS));
        net.dns().mx("endless.test", 10, "mx.endless.test");
        assertThat(smtpCodes(checker.check("dead.test", options), Severity.ERROR)).containsExactly("smtp-unreachable");
        assertThat(smtpCodes(checker.check("busy.test", options), Severity.ERROR)).containsExactly("smtp-banner-refused");
        assertThat(smtpCodes(checker.check("tarpit.test", options), Severity.ERROR)).containsExactly("smtp-timeout");
        assertThat(smtpCodes(checker.check("endless.test", options), Severity.ERROR)).containsExactly("smtp-protocol-error");
        long t0 = System.nanoTime();
        assertThat(smtpCodes(checker.check("trickle.test", options), Severity.ERROR)).containsExactly("smtp-timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    }
}
