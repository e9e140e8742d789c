package dev.facteur.toolkit.analyze;

import dev.facteur.toolkit.report.Report;
import java.util.List;

/**
 * What {@code facteur analyze message} found: the path, the sending addresses, the results
 * recorded in transit and those computed now, and the findings (the {@link Report}).
 */
public record MessageAnalysis(List<Hop> hops, List<String> sendingIps, List<AuthResult> recorded,
        List<AuthResult> now, Report report) {

    public MessageAnalysis {
        hops = List.copyOf(hops);
        sendingIps = List.copyOf(sendingIps);
        recorded = List.copyOf(recorded);
        now = List.copyOf(now);
    }
}
