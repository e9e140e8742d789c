package dev.facteur.bench.auth;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * CPU time per operation of the two DKIM and the SPF benchmarks, measured with the thread's CPU
 * clock, so that a machine shared with other builds still gives a per-core figure. Run:
 * {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt) dev.facteur.bench.auth.AuthCpuCost [FILTER]};
 * with FILTER (e.g. {@code rsa-2048}), only the cases whose name contains it run.
 */
public final class AuthCpuCost {

    private AuthCpuCost() {
    }

    public static void main(String[] args) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String filter = args.length > 0 ? args[0] : "";
        for (String alg : new String[] {"rsa-2048", "ed25519"}) {
            for (String body : new String[] {"base64", "spaced"}) {
                if (!("DKIM verify " + alg + " body=" + body).contains(filter)) {
                    continue;
                }
                DkimVerifyBenchmark b = new DkimVerifyBenchmark();
                b.algorithm = alg;
                b.body = body;
                b.setUp();
                report(mx, "DKIM verify " + alg + " body=" + body, b::verify);
            }
        }
        if (!"SPF evaluate (cached)".contains(filter)) {
            return;
        }
        SpfEvaluateBenchmark spf = new SpfEvaluateBenchmark();
        spf.setUp();
        report(mx, "SPF evaluate (cached)", spf::evaluate);
        spf.tearDown();
    }

    private static void report(ThreadMXBean mx, String name, Runnable op) {
        int n = 2000;
        for (int i = 0; i < 3 * n; i++) {
            op.run();
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                op.run();
            }
            best = Math.min(best, (mx.getCurrentThreadCpuTime() - t0) / 1e3 / n);
        }
        System.out.printf(Locale.ROOT, "%-40s %8.1f us CPU/op = %8.0f ops/s per core%n", name, best, 1e6 / best);
    }
}
