package dev.facteur.smtp.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dns.DnsServerAddress;
import dev.facteur.auth.dns.DnsjavaResolver;
import dev.facteur.core.mail.Domain;
import dev.facteur.testkit.dns.TestDnsServer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MX selection against the in-process DNS server, queried over real UDP/TCP. */
class MxResolverTest {

    private final TestDnsServer dns = TestDnsServer.start();
    private final DnsjavaResolver resolver = new DnsjavaResolver(new DnsjavaResolver.Config(
            List.of(DnsServerAddress.parse(dns.hostPort())), Duration.ofMillis(500), 100, InstantSource.system()));

    @AfterEach
    void stop() {
        dns.close();
    }

    private MxResolution resolve(String domain, long seed) {
        return new MxResolver(resolver, new java.util.Random(seed), "self.test").resolve(new Domain(domain));
    }

    @Test
    void hostsComeInPreferenceOrderAndEqualPreferencesAreShuffled() {
        dns.mx("d.test", 20, "c.d.test").mx("d.test", 10, "a.d.test").mx("d.test", 10, "b.d.test").mx("d.test", 30, "z.d.test");
        Set<String> firsts = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            MxResolution.Hosts h = (MxResolution.Hosts) new MxResolver(resolver, new java.util.Random(i), "self.test")
                    .resolve(new Domain("d.test"));
            List<String> names = h.hosts().stream().map(MxResolution.MxHost::name).toList();
            assertThat(names.subList(2, 4)).containsExactly("c.d.test", "z.d.test");
            assertThat(names.subList(0, 2)).containsExactlyInAnyOrder("a.d.test", "b.d.test");
            firsts.add(names.getFirst());
        }
        assertThat(firsts).containsExactlyInAnyOrder("a.d.test", "b.d.test");
    }

    @Test
    void nullMxIsRecognised() {
        dns.mx("null.test", 0, ".");
        assertThat(resolve("null.test", 1)).isInstanceOf(MxResolution.NullMx.class);
    }

    @Test
    void noMxFallsBackToTheDomainsAddress() {
        dns.aaaa("implicit.test", "::1");
        assertThat(resolve("implicit.test", 1)).isEqualTo(new MxResolution.Hosts(
                List.of(new MxResolution.MxHost("implicit.test", 0)), true, false));
    }

    @Test
    void missingDomainAndDnsFailureAreTellApart() {
        assertThat(resolve("missing.test", 1)).isInstanceOf(MxResolution.NoSuchDomain.class);
        dns.servfail("broken.test");
        assertThat(resolve("broken.test", 1)).isInstanceOf(MxResolution.TempFailure.class);
        dns.txt("txtonly.test", "hello");
        assertThat(resolve("txtonly.test", 1)).isInstanceOf(MxResolution.NoSuchDomain.class);
    }

    @Test
    void hostsFromOurOwnPreferenceOnAreDropped() {
        dns.mx("backup.test", 10, "primary.backup.test").mx("backup.test", 20, "self.test").mx("backup.test", 30, "last.backup.test");
        MxResolution.Hosts h = (MxResolution.Hosts) resolve("backup.test", 1);
        assertThat(h.hosts()).extracting(MxResolution.MxHost::name).containsExactly("primary.backup.test");
    }

    @Test
    void authenticatedMxAnswerIsReported() {
        dns.mx("signed.test", 10, "mx.signed.test").authenticated("signed.test");
        assertThat(((MxResolution.Hosts) resolve("signed.test", 1)).authenticated()).isTrue();
    }

    @Test
    void addressesPutIpv6FirstWhenEnabled() {
        dns.a("dual.test", "127.0.0.2").aaaa("dual.test", "::1");
        MxResolver mx = new MxResolver(resolver, new java.util.Random(1), "self.test");
        assertThat(mx.addresses("dual.test", true).addresses()).extracting(a -> a.getHostAddress())
                .containsExactly("0:0:0:0:0:0:0:1", "127.0.0.2");
        assertThat(mx.addresses("dual.test", false).addresses()).extracting(a -> a.getHostAddress()).containsExactly("127.0.0.2");
        assertThat(mx.addresses("127.0.0.5", false).addresses()).extracting(a -> a.getHostAddress()).containsExactly("127.0.0.5");
    }
}
