package dev.facteur.toolkit.report;

/** How bad a finding is; ordered from best to worst so that {@code max} is the worst. */
public enum Severity {
    OK,
    WARN,
    ERROR;

    /** The exit status a command returns when this is its worst finding: 0, 1 or 2. */
    public int exitStatus() {
        return ordinal();
    }

    public Severity worse(Severity other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
