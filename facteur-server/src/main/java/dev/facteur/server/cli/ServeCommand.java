package dev.facteur.server.cli;

import dev.facteur.core.config.FacteurConfig;
import dev.facteur.server.FacteurServer;
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

    @Override
    public Integer call() throws Exception {
        FacteurConfig c = config.load();
        FacteurServer server = FacteurServer.start(c);
        if (exercise) {
            return server.exerciseAndClose();
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(server::close));
        server.awaitClose();
        return 0;
    }
}
