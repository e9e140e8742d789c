package dev.facteur.server.cli;

import dev.facteur.core.config.ConfigException;
import dev.facteur.core.config.ConfigLoader;
import dev.facteur.core.config.FacteurConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command that reads the store or the network takes. */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (TOML). Default: the embedded configuration (data under ./data).")
    Path file;

    /** Loads and validates the configuration, or throws a one-line {@link UserException}. */
    public FacteurConfig load() {
        return load(Optional.ofNullable(file));
    }

    static FacteurConfig load(Optional<Path> file) {
        if (file.isEmpty()) {
            return ConfigLoader.defaults();
        }
        try {
            return ConfigLoader.load(file.get());
        } catch (ConfigException e) {
            throw new UserException(e.getMessage());
        }
    }
}
