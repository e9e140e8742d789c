package dev.facteur.toolkit.cli;

import dev.facteur.toolkit.analyze.MessageAnalysis;
import dev.facteur.toolkit.analyze.MessageAnalyzer;
import dev.facteur.toolkit.report.JsonRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code facteur analyze message [FILE]}. */
@Command(name = "analyze", mixinStandardHelpOptions = true, description = "Analyse a received message.",
        subcommands = AnalyzeCommand.Message.class)
public final class AnalyzeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "message", mixinStandardHelpOptions = true,
            description = {"Show a message's path (hops and delays), re-verify SPF and DKIM now beside the results recorded in transit, and list what filters object to, with fixes.",
                "Reads FILE, or stdin when FILE is - or absent. Exit status: 0 all ok, 3 warnings, 4 errors; 1 the command could not run, 2 usage error."})
    public static final class Message implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "The message (.eml); - or nothing for stdin.")
        String file;

        private final ToolkitEnvironment env;

        public Message() {
            this(ToolkitEnvironment.systemDefault());
        }

        public Message(ToolkitEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            MessageAnalyzer analyzer = new MessageAnalyzer(env.resolver(common.dnsServers(), common.timeout()), env.clock());
            MessageAnalysis a;
            if (file == null || file.equals("-")) {
                a = analyzer.analyze(System.in);
            } else {
                Path p = Path.of(file);
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("cannot read " + file + ": not a file");
                }
                try (InputStream in = Files.newInputStream(p)) {
                    a = analyzer.analyze(in);
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(common.json ? JsonRenderer.render(a) + "\n" : MessageText.render(a, System.console() != null));
            out.flush();
            return ExitStatus.of(a.report().worst());
        }
    }
}
