package dev.facteur.server.cli;

import dev.facteur.core.config.FacteurConfig;
import dev.facteur.toolkit.cli.AnalyzeCommand;
import dev.facteur.toolkit.cli.CheckCommand;
import dev.facteur.toolkit.cli.ToolkitEnvironment;
import dev.facteur.toolkit.cli.VerifyCommand;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds the toolkit commands ({@code check}, {@code verify}, {@code analyze}) to the command
 * line. They take {@code --config FILE} like every command that uses the network: the
 * configuration's DNS servers, host name (the callout's HELO) and delivery port apply unless
 * {@code --dns} overrides them. The file is read before parsing, because picocli builds the
 * commands (with their environment) before it parses.
 */
final class ToolkitCommands {
    private ToolkitCommands() {}

    static void register(CommandLine root, String[] args) {
        ToolkitEnvironment env = environment(configFile(args));
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                try {
                    return cls.getConstructor(ToolkitEnvironment.class).newInstance(env);
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(cls);
                }
            }
        };
        for (Class<?> command : List.of(CheckCommand.class, VerifyCommand.class, AnalyzeCommand.class)) {
            CommandLine sub = new CommandLine(command, factory);
            addConfigOption(sub);
            root.addSubcommand(sub);
        }
    }

    /** {@code --config FILE} on every leaf command, so it is accepted where the other options are. */
    private static void addConfigOption(CommandLine cl) {
        if (cl.getSubcommands().isEmpty()) {
            CommandSpec spec = cl.getCommandSpec();
            spec.addOption(OptionSpec.builder("--config").paramLabel("FILE").type(Path.class)
                    .description("Configuration file (TOML): its DNS servers, host name and delivery port apply.")
                    .build());
            return;
        }
        cl.getSubcommands().values().forEach(ToolkitCommands::addConfigOption);
    }

    private static Optional<Path> configFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Optional.of(Path.of(args[i + 1]));
            }
            if (args[i].startsWith("--config=")) {
                return Optional.of(Path.of(args[i].substring("--config=".length())));
            }
        }
        return Optional.empty();
    }

    private static ToolkitEnvironment environment(Optional<Path> file) {
        if (file.isEmpty()) {
            return ToolkitEnvironment.systemDefault();
        }
        FacteurConfig c;
        try {
            c = ConfigOption.load(file);
        } catch (UserException e) {
            // Reported when a command runs: keep --help and the other commands usable.
            return ToolkitEnvironment.systemDefault();
        }
        List<String> dns = c.dns().servers().stream().map(a -> a.getHostString() + ":" + a.getPort()).toList();
        return new ToolkitEnvironment(dns, c.hostname(), c.delivery().port(), InstantSource.system());
    }
}
