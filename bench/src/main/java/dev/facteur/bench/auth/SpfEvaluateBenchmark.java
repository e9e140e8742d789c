package dev.facteur.bench.auth;

import dev.facteur.auth.dns.DnsjavaResolver;
import dev.facteur.auth.spf.SpfResult;
import dev.facteur.auth.spf.SpfVerifier;
import dev.facteur.testkit.dns.TestDnsServer;
import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * SPF check_host() evaluations per second with a warm cache: the dnsjava resolver asks the testkit
 * DNS server once, then every query is a cache hit. The policy uses include, a, mx, ip4 and -all,
 * and the client matches the last mechanism before -all (the worst realistic path).
 * Run: bench/run-jmh SpfEvaluateBenchmark -f 1 -wi 2 -i 3 -t 1
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SpfEvaluateBenchmark {

    private TestDnsServer server;
    private SpfVerifier spf;
    private InetAddress client;

    @Setup
    public void setUp() throws Exception {
        server = TestDnsServer.start();
        server.txt("example.test", "v=spf1 include:_spf.provider.test a mx ip4:192.0.2.0/24 -all")
                .txt("_spf.provider.test", "v=spf1 ip4:198.51.100.0/24 ip6:2001:db8::/32 ~all")
                .a("example.test", "203.0.113.1").mx("example.test", 10, "mx1.example.test")
                .mx("example.test", 20, "mx2.example.test").a("mx1.example.test", "203.0.113.10").a("mx2.example.test", "203.0.113.11");
        DnsjavaResolver dns = new DnsjavaResolver(DnsjavaResolver.Config.of(List.of(server.hostPort()), Duration.ofSeconds(2)));
        spf = new SpfVerifier(dns, "mx.facteur.test", InstantSource.system());
        client = InetAddress.getByName("192.0.2.77");
        SpfResult r = spf.checkMailFrom(client, "alice@example.test", "mail.example.test");
        if (!(r instanceof SpfResult.Pass)) {
            throw new IllegalStateException("benchmark policy does not pass: " + r);
        }
    }

    @TearDown
    public void tearDown() {
        server.close();
    }

    @Benchmark
    public SpfResult evaluate() {
        return spf.checkMailFrom(client, "alice@example.test", "mail.example.test");
    }
}
