package dev.facteur.server.cli;

import dev.facteur.core.config.ConfigException;
import dev.facteur.core.config.ConfigLoader;
import dev.facteur.core.config.FacteurConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code facteur config check FILE}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with configuration files.",
        subcommands = ConfigCommand.Check.class)
public final class ConfigCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a configuration file; prints every problem with its file and line.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The TOML file to check.")
        Path file;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                FacteurConfig c = ConfigLoader.load(file);
                spec.commandLine().getOut().println(file + ": ok (hostname " + c.hostname() + ", "
                        + c.listeners().size() + " listeners, data in " + c.dataDir() + ")");
                return 0;
            } catch (ConfigException e) {
                e.problems().forEach(p -> spec.commandLine().getErr().println(p));
                return 1;
            }
        }
    }
}
