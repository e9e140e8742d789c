package dev.facteur.server.cli;

import dev.facteur.core.config.FacteurConfig;
import dev.facteur.server.FacteurServer;
import dev.facteur.server.web.HttpService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facteur serve}: starts every configured listener and runs until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the mail server: SMTP, submission, IMAP, POP3 and HTTP listeners. "
                + "Without --config it runs the embedded default: data under ./data, SQLite, a generated "
                + "self-signed certificate, listeners on 127.0.0.1 (SMTP 2525, submission 2587/2465, "
                + "IMAP 2143/2993, POP3 2110/2995, HTTP 8025).")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--exercise", hidden = true,
            description = "Start, greet every plain-text listener once, then stop (the launcher's start-up cache training).")
    boolean exercise;

    /**
     * Runs {@code serve [--config FILE]} without building picocli's model of every command,
     * which costs a tenth of start-up (and picocli's Java 5 classes cannot be kept in the
     * start-up cache). Empty when the arguments are anything else (--help, a typo): picocli
     * then parses them and reports.
     */
    public static Optional<Integer> runDirectly(String[] args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            return Optional.empty();
        }
        ServeCommand serve = new ServeCommand();
        serve.config = new ConfigOption();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length && serve.config.file == null) {
                serve.config.file = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=") && serve.config.file == null) {
                serve.config.file = Path.of(args[i].substring("--config=".length()));
            } else if (args[i].equals("--exercise")) {
                serve.exercise = true;
            } else {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(serve.call());
        } catch (Exception e) {
            return Optional.of(CommandFailure.report(e, new PrintWriter(System.err, true)));
        }
    }

    @Override
    public Integer call() throws Exception {
        // Logging's and Helidon's set-ups run beside the reading of the configuration (each is a
        // tenth to a fifth of start-up); nothing waits for Helidon's until the HTTP listener starts.
        Thread.ofPlatform().daemon().name("start-http").start(HttpService::prepare);
        Thread logging = Thread.ofPlatform().name("start").start(FacteurServer::prepareLogging);
        FacteurConfig c;
        try {
            c = config.load();
        } finally {
            logging.join();
        }
        FacteurServer server = FacteurServer.start(c);
        if (exercise) {
            return server.exerciseAndClose();
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(server::close));
        server.awaitClose();
        return 0;
    }
}
