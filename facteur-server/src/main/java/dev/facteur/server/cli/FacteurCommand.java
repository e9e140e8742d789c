package dev.facteur.server.cli;

import java.io.PrintWriter;
import java.util.Set;
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
    private static final Set<String> OWN_COMMANDS = Set.of("serve", "init", "config", "admin", "queue", "report");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new FacteurCommand());
        if (args.length == 0 || !OWN_COMMANDS.contains(args[0])) {
            // The toolkit commands read their configuration as they are built: skip that work
            // (a tenth of start-up) when the command is one of the server's own.
            ToolkitCommands.register(cl, args);
        }
        cl.setExecutionExceptionHandler(FacteurCommand::handle);
        cl.setParameterExceptionHandler((ex, badArgs) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("facteur: " + ex.getMessage() + " (see --help)");
            return 2;
        });
        return cl;
    }

    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        return CommandFailure.report(ex, cl.getErr());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = FacteurCommand.class.getPackage().getImplementationVersion();
            return new String[] {"facteur " + (v == null ? "development build" : v)};
        }
    }
}
