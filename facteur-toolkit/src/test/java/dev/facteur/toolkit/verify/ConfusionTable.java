package dev.facteur.toolkit.verify;

import java.util.List;
import java.util.Map;

/** Renders the expected-versus-actual verdict table and the coverage of a labelled run. */
final class ConfusionTable {

    private ConfusionTable() {
    }

    static String render(Map<Verdict, Map<Verdict, Integer>> confusion, List<VerificationResult> results) {
        StringBuilder b = new StringBuilder(String.format("%-15s", "label \\ got"));
        for (Verdict v : Verdict.values()) {
            b.append(String.format("%15s", v.name().toLowerCase()));
        }
        b.append('\n');
        for (Verdict expected : Verdict.values()) {
            b.append(String.format("%-15s", expected.name().toLowerCase()));
            for (Verdict got : Verdict.values()) {
                b.append(String.format("%15d", confusion.getOrDefault(expected, Map.of()).getOrDefault(got, 0)));
            }
            b.append('\n');
        }
        long decided = results.stream().filter(r -> r.verdict().decided()).count();
        b.append(String.format("coverage: %d/%d decided = %.1f%%%n", decided, results.size(), 100.0 * decided / results.size()));
        return b.toString();
    }
}
