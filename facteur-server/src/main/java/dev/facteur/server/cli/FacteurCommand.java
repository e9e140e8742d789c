package dev.facteur.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code facteur} command. */
@Command(name = "facteur", mixinStandardHelpOptions = true, versionProvider = FacteurCommand.Version.class,
        description = "A complete mail system: SMTP, submission, IMAP, POP3, outbound delivery, "
                + "mail authentication and a deliverability toolkit.",
        subcommands = {ServeCommand.class, InitCommand.class, ConfigCommand.class, AdminCommand.class, QueueCommand.class,
                ReportCommand.class,
                CommandLine.HelpCommand.class})
public final class FacteurCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new FacteurCommand());
        ToolkitCommands.register(cl, args);
        cl.setExecutionExceptionHandler(FacteurCommand::handle);
        cl.setParameterExceptionHandler((ex, badArgs) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("facteur: " + ex.getMessage() + " (see --help)");
            return 2;
        });
        return cl;
    }

    /** Every failure becomes one line on stderr and a non-zero status; unexpected ones keep their stack at debug. */
    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
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

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = FacteurCommand.class.getPackage().getImplementationVersion();
            return new String[] {"facteur " + (v == null ? "development build" : v)};
        }
    }
}
