package dev.facteur.auth.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.testkit.dns.TestDnsServer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dnsjava resolver against the testkit's DNS server over real UDP and TCP on loopback. */
class DnsjavaResolverTest {

    private TestDnsServer server;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T12:00:00Z"));

    @BeforeEach
    void start() {
        server = TestDnsServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private DnsjavaResolver resolver() {
        InstantSource clock = now::get;
        return new DnsjavaResolver(new DnsjavaResolver.Config(List.of(DnsServerAddress.parse(server.hostPort())),
                Duration.ofMillis(300), 100, clock));
    }

    @Test
    void answersEveryRecordType() {
        server.a("host.example.test", "192.0.2.1").aaaa("host.example.test", "2001:db8::1")
                .mx("example.test", 10, "host.example.test").txt("example.test", "v=spf1 -all")
                .ptr("192.0.2.1", "host.example.test").cname("www.example.test", "host.example.test")
                .tlsa("_25._tcp.host.example.test", 3, 1, 1, new byte[] {1, 2, 3}).authenticated("_25._tcp.host.example.test");
        DnsjavaResolver dns = resolver();
        assertThat(dns.a("host.example.test").values()).extracting(a -> a.getHostAddress()).containsExactly("192.0.2.1");
        assertThat(dns.aaaa("host.example.test").values()).hasSize(1);
        assertThat(dns.mx("example.test").values()).containsExactly(new DnsRecords.Mx(10, "host.example.test"));
        assertThat(dns.txt("example.test").values()).containsExactly(DnsRecords.Txt.of("v=spf1 -all"));
        assertThat(dns.reverse(java.net.InetAddress.ofLiteral("192.0.2.1")).values()).containsExactly("host.example.test");
        assertThat(dns.cname("www.example.test").values()).containsExactly("host.example.test");
        assertThat(dns.a("www.example.test").values()).hasSize(1);
        DnsResult<DnsRecords.Tlsa> tlsa = dns.tlsa("_25._tcp.host.example.test");
        assertThat(tlsa).isInstanceOf(DnsResult.Records.class);
        assertThat(((DnsResult.Records<DnsRecords.Tlsa>) tlsa).authenticated()).isTrue();
        assertThat(tlsa.values()).containsExactly(new DnsRecords.Tlsa(3, 1, 1, new byte[] {1, 2, 3}));
    }

    @Test
    void distinguishesNxdomainNodataServfailAndTimeout() {
        server.a("host.example.test", "192.0.2.1").servfail("broken.example.test").timeout("slow.example.test");
        DnsjavaResolver dns = resolver();
        assertThat(dns.a("missing.example.test")).isInstanceOf(DnsResult.NxDomain.class);
        assertThat(dns.mx("host.example.test")).isInstanceOf(DnsResult.NoData.class);
        assertThat(dns.a("broken.example.test")).isInstanceOfSatisfying(DnsResult.TempFailure.class,
                f -> assertThat(f.timeout()).isFalse());
        assertThat(dns.a("slow.example.test")).isInstanceOf(DnsResult.TempFailure.class);
    }

    @Test
    void readsLongMultiStringTxtRecordsOverTcp() {
        String key = "v=DKIM1; k=rsa; p=" + "B".repeat(1500);
        server.txt("s._domainkey.example.test", key);
        assertThat(resolver().txt("s._domainkey.example.test").values()).singleElement()
                .satisfies(t -> assertThat(t.text()).isEqualTo(key));
        assertThat(server.tcpQueryCount()).isEqualTo(1);
    }

    @Test
    void cachesAnswersUntilTheirTtlExpires() {
        server.a("host.example.test", "192.0.2.1");
        DnsjavaResolver dns = resolver();
        dns.a("host.example.test");
        dns.a("host.example.test");
        assertThat(server.queries()).containsExactly("A host.example.test");
        now.set(now.get().plusSeconds(301));
        dns.a("host.example.test");
        assertThat(server.queries()).hasSize(2);
    }

    @Test
    void neverCachesFailures() {
        server.servfail("broken.example.test");
        DnsjavaResolver dns = resolver();
        dns.a("broken.example.test");
        dns.a("broken.example.test");
        assertThat(server.queries()).hasSize(2);
    }

    @Test
    void theCacheIsBounded() {
        DnsCache cache = new DnsCache(2, () -> Instant.EPOCH);
        cache.put("A", "a", new DnsResult.NxDomain<>(), 60);
        cache.put("A", "b", new DnsResult.NxDomain<>(), 60);
        cache.put("A", "c", new DnsResult.NxDomain<>(), 60);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("A", "a")).isEmpty();
    }

    @Test
    void parsesServerAddresses() {
        assertThat(DnsServerAddress.parse("127.0.0.1:5353")).isEqualTo(new DnsServerAddress("127.0.0.1", 5353));
        assertThat(DnsServerAddress.parse("[::1]:53")).isEqualTo(new DnsServerAddress("::1", 53));
        assertThat(DnsServerAddress.parse("::1")).isEqualTo(new DnsServerAddress("::1", 53));
        assertThat(DnsServerAddress.parse("192.0.2.1")).isEqualTo(new DnsServerAddress("192.0.2.1", 53));
    }
}
