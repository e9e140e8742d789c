package dev.facteur.auth.spf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dns.InMemoryDnsResolver;
import java.net.InetAddress;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** Hostile and broken policies give RFC 7208 results, never exceptions (issue item 7). */
class SpfBadInputTest {

    private static SpfResult check(InMemoryDnsResolver dns, String ip) throws Exception {
        return new SpfVerifier(dns, "mx.test", InstantSource.system()).checkMailFrom(InetAddress.getByName(ip), "a@loop.test", "h.test");
    }

    @Test
    void includeLoopsEndInPermErrorAtTheLookupLimit() throws Exception {
        InMemoryDnsResolver dns = new InMemoryDnsResolver().txt("loop.test", "v=spf1 include:other.test -all")
                .txt("other.test", "v=spf1 include:loop.test -all");
        assertThat(check(dns, "192.0.2.1")).isInstanceOfSatisfying(SpfResult.PermError.class,
                e -> assertThat(e.cause()).contains("DNS-querying terms"));
        assertThat(dns.queryCount()).isLessThanOrEqualTo(12);
    }

    @Test
    void anOversizedRecordIsBoundedByTheLookupLimit() throws Exception {
        InMemoryDnsResolver dns = new InMemoryDnsResolver().txt("loop.test", "v=spf1 " + "a:x.test ".repeat(5000) + "-all");
        assertThat(check(dns, "192.0.2.1")).isInstanceOf(SpfResult.PermError.class);
        assertThat(dns.queryCount()).isLessThanOrEqualTo(12);
    }

    @Test
    void cnameLoopsAndTimeoutsAreTempErrors() throws Exception {
        assertThat(check(new InMemoryDnsResolver().cname("loop.test", "b.test").cname("b.test", "loop.test"), "192.0.2.1"))
                .isInstanceOf(SpfResult.TempError.class);
        assertThat(check(new InMemoryDnsResolver().timeout("loop.test"), "192.0.2.1")).isInstanceOf(SpfResult.TempError.class);
        assertThat(check(new InMemoryDnsResolver().txt("loop.test", "v=spf1 a:slow.test -all").timeout("slow.test"), "192.0.2.1"))
                .isInstanceOf(SpfResult.TempError.class);
    }

    @Test
    void malformedRecordsArePermErrors() throws Exception {
        for (String record : new String[] {"v=spf1 ip4:300.1.1.1 -all", "v=spf1 a/33 -all", "v=spf1 %{z} -all",
                "v=spf1 redirect=a.test redirect=b.test", "v=spf1 foo:bar", "v=spf1 ip6:::1/129"}) {
            assertThat(check(new InMemoryDnsResolver().txt("loop.test", record), "192.0.2.1")).as(record).isInstanceOf(SpfResult.PermError.class);
        }
    }

    @Test
    void ipv4MappedClientsAreEvaluatedAsIpv4() throws Exception {
        InMemoryDnsResolver dns = new InMemoryDnsResolver().txt("loop.test", "v=spf1 ip4:192.0.2.0/24 -all");
        assertThat(check(dns, "::ffff:192.0.2.9")).isInstanceOf(SpfResult.Pass.class);
        assertThat(check(dns, "2001:db8::1")).isInstanceOf(SpfResult.Fail.class);
    }
}
