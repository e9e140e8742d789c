package dev.facteur.server.cli;

import java.io.PrintWriter;

/** Every failure of a command becomes one line on stderr and exit status 1. */
final class CommandFailure {
    private CommandFailure() {}

    /** Prints the one line; unexpected failures keep their stack for FACTEUR_DEBUG. Returns 1. */
    static int report(Exception ex, PrintWriter err) {
        switch (ex) {
            case UserException u -> err.println("facteur: " + u.getMessage());
            case dev.facteur.store.ConflictException c -> err.println("facteur: " + c.getMessage());
            case IllegalArgumentException i -> err.println("facteur: " + i.getMessage());
            default -> {
                err.println("facteur: " + ex.getClass().getSimpleName()
                        + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
                if (System.getenv("FACTEUR_DEBUG") != null) {
                    ex.printStackTrace(err);
                }
            }
        }
        err.flush();
        return 1;
    }
}
