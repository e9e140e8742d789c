package dev.facteur.server;

import dev.facteur.server.cli.FacteurCommand;
import dev.facteur.server.cli.ServeCommand;
import picocli.CommandLine;

/** Entry point of the {@code facteur} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (for tests). */
    public static int run(String... args) {
        return ServeCommand.runDirectly(args).orElseGet(() -> FacteurCommand.commandLine(args).execute(args));
    }
}
