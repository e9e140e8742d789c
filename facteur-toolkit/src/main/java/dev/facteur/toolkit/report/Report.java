package dev.facteur.toolkit.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * The findings of one check run: what was checked ({@code kind}: domain, server, message), its
 * subject (the domain, host or message id) and when.
 */
public record Report(String kind, String subject, Instant checkedAt, List<Finding> findings) {

    public Report {
        findings = List.copyOf(findings);
        if (kind.isBlank() || subject.isBlank()) {
            throw new IllegalArgumentException("report needs a kind and a subject");
        }
    }

    /** The worst severity among the findings; OK when there are none. */
    @JsonProperty("worst")
    public Severity worst() {
        Severity w = Severity.OK;
        for (Finding f : findings) {
            w = w.worse(f.severity());
        }
        return w;
    }

    /** The findings of one area, in order. */
    public List<Finding> area(String area) {
        return findings.stream().filter(f -> f.area().equals(area)).toList();
    }

    /** True if a finding with this code is present. */
    public boolean has(String code) {
        return findings.stream().anyMatch(f -> f.code().equals(code));
    }
}
