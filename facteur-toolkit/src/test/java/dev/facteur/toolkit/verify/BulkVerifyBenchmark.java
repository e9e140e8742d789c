package dev.facteur.toolkit.verify;

import dev.facteur.toolkit.harness.FakeMailHost;
import dev.facteur.toolkit.harness.FakeMailHost.Behaviour;
import dev.facteur.toolkit.harness.FakeMailHost.Mode;
import dev.facteur.toolkit.harness.LoopbackInternet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The bulk benchmark of issue 9: N addresses over D local test domains (default 10,000 over 100),
 * served by fake mail hosts on 127.0.1.x, verified with {@link BulkRunner}. Prints the wall time,
 * the rate, the summary and the peak connections per host. Run with bench/toolkit/verify-bulk.sh.
 */
public final class BulkVerifyBenchmark {

    private BulkVerifyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int addresses = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int domains = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int hosts = 10;
        int perDomain = addresses / domains;
        Set<String> known = new HashSet<>();
        for (int i = 0; i < perDomain; i += 2) {
            known.add("user" + i);
        }
        try (LoopbackInternet net = new LoopbackInternet()) {
            List<FakeMailHost> fakes = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                fakes.add(net.host("mx" + h + ".bench.test", "127.0.1." + (h + 1), new Behaviour(Mode.NORMAL, known, Set.of(), Set.of(), true)));
            }
            List<String> inputs = new ArrayList<>();
            for (int d = 0; d < domains; d++) {
                net.dns().mx("d" + d + ".bench.test", 10, "mx" + (d % hosts) + ".bench.test");
            }
            for (int i = 0; i < perDomain; i++) {
                for (int d = 0; d < domains; d++) {
                    inputs.add("user" + i + "@d" + d + ".bench.test");
                }
            }
            VerifierConfig config = VerifierConfig.defaults("bench.test").withPort(net.smtpPort())
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(60)).withLimits(2, 50, 32);
            AddressVerifier verifier = new AddressVerifier(net.resolver(Duration.ofSeconds(3)), config, AddressLists.shipped(), Pause.real(),
                    RandomGenerator.of("L64X128MixRandom"));
            Path dir = Files.createTempDirectory("verify-bench");
            long t0 = System.nanoTime();
            BulkRunner.Summary s = new BulkRunner(verifier).run(inputs, dir.resolve("out"), p -> { });
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("verify file: %d addresses over %d domains (%d hosts) in %.2f s = %.0f addresses/s%n",
                    inputs.size(), domains, hosts, seconds, inputs.size() / seconds);
            System.out.print(s.table());
            System.out.printf("connections: %d in total, at most %d at once to one host (limit %d)%n",
                    fakes.stream().mapToInt(FakeMailHost::connections).sum(),
                    fakes.stream().mapToInt(FakeMailHost::maxConcurrentConnections).max().orElse(0), config.maxConnectionsPerHost());
            System.out.println("results: " + dir);
        }
    }
}
