package dev.facteur.toolkit.report;

/** How bad a finding is; ordered from best to worst so that {@code max} is the worst. */
public enum Severity {
    OK,
    WARN,
    ERROR;

    public Severity worse(Severity other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
