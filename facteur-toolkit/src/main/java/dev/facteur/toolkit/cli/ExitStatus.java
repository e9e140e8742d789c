package dev.facteur.toolkit.cli;

import dev.facteur.toolkit.report.Severity;
import dev.facteur.toolkit.verify.Verdict;

/**
 * The exit statuses of the toolkit commands, one table for all of them. 1 and 2 keep the meaning
 * they have for every {@code facteur} command (1: the command could not run, e.g. bad input or an
 * I/O error, printed as one line; 2: a usage error, picocli's status for unknown options or missing
 * arguments), so a script can tell "the domain has errors" from "the command was called wrongly".
 */
public final class ExitStatus {

    /** Every finding ok; the address is deliverable; the file run completed. */
    public static final int OK = 0;
    /** The command could not run (bad input, unreadable file, I/O error): the failure handler's status. */
    public static final int FAILED = 1;
    /** A usage error (unknown option, missing argument): picocli's {@code ExitCode.USAGE}. */
    public static final int USAGE = 2;
    /** check/analyze: the worst finding is a warning. verify: the address is risky. */
    public static final int WARNINGS = 3;
    /** check/analyze: at least one finding is an error. verify: the address is undeliverable. */
    public static final int ERRORS = 4;
    /** verify: no decision could be made (timeouts, refused callouts, temporary failures). */
    public static final int UNKNOWN = 5;

    private ExitStatus() {
    }

    /** The status of a report whose worst finding is {@code worst}. */
    public static int of(Severity worst) {
        return switch (worst) {
            case OK -> OK;
            case WARN -> WARNINGS;
            case ERROR -> ERRORS;
        };
    }

    /** The status of a verification verdict. */
    public static int of(Verdict verdict) {
        return switch (verdict) {
            case DELIVERABLE -> OK;
            case RISKY -> WARNINGS;
            case UNDELIVERABLE -> ERRORS;
            case UNKNOWN -> UNKNOWN;
        };
    }
}
