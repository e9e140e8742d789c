package dev.facteur.server.cli;

import dev.facteur.core.config.ConfigException;
import dev.facteur.core.config.ConfigLoader;
import dev.facteur.core.mail.Domain;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code facteur init}: writes a production configuration and prints the DNS records to publish. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a production configuration (standard ports, data directory, TLS paths) "
                + "and print the DNS records to publish.")
public final class InitCommand implements Callable<Integer> {
    @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "The mail domain, e.g. example.com.")
    String domain;

    @Option(names = "--hostname", required = true, paramLabel = "HOST",
            description = "This server's name, e.g. mail.example.com (its MX target and HELO name).")
    String hostname;

    @Option(names = "--output", paramLabel = "FILE", defaultValue = "facteur.toml",
            description = "Where to write the configuration (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "/var/lib/facteur",
            description = "Data directory of the production server (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--force", description = "Overwrite the output file if it exists.")
    boolean force;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Domain mailDomain = parseDomain("--domain", domain);
        Domain host = parseDomain("--hostname", hostname);
        if (Files.exists(output) && !force) {
            throw new UserException(output + " exists; pass --force to overwrite it");
        }
        String toml = configText(mailDomain, host);
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(output, toml, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        checkWritten();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Wrote " + output + ".");
        out.println();
        out.println("Put the TLS certificate for " + host + " at the paths in [tls] (or remove that section to use");
        out.println("a generated self-signed certificate), then add the domain and a first account:");
        out.println("  facteur admin --config " + output + " domain add " + mailDomain);
        out.println("  facteur admin --config " + output + " account add postmaster@" + mailDomain);
        out.println();
        out.println("DNS records to publish:");
        DnsRecords.forDomain(mailDomain, host).forEach(r -> out.println("  " + r));
        DkimCommand.initRecords(mailDomain).forEach(r -> out.println("  " + r));
        return 0;
    }

    private void checkWritten() {
        try {
            ConfigLoader.load(output);
        } catch (ConfigException e) {
            // The TLS files may not exist yet; anything else means init wrote a bad file.
            boolean onlyTls = e.problems().stream().allMatch(p -> p.key().startsWith("tls."));
            if (!onlyTls) {
                throw new IllegalStateException("init wrote an invalid configuration: " + e.getMessage());
            }
        }
    }

    private static Domain parseDomain(String option, String text) {
        try {
            return Domain.of(text);
        } catch (IllegalArgumentException e) {
            throw new UserException(option + ": " + e.getMessage());
        }
    }

    private String configText(Domain mailDomain, Domain host) {
        return """
                # Facteur configuration for %1$s, written by `facteur init`.
                # Reference: README.md, section "Configuration". Check with `facteur config check FILE`.

                hostname = "%2$s"
                data_dir = "%3$s"
                log_level = "info"

                [database]
                # Embedded SQLite (the default). For several nodes, a PostgreSQL URL instead:
                # url = "jdbc:postgresql://db.%1$s:5432/facteur"
                url = "sqlite:%3$s/facteur.db"

                [tls]
                certificate = "/etc/letsencrypt/live/%2$s/fullchain.pem"
                private_key = "/etc/letsencrypt/live/%2$s/privkey.pem"

                [listeners]
                smtp = "[::]:25"
                submission = "[::]:587"
                submissions = "[::]:465"
                imap = "[::]:143"
                imaps = "[::]:993"
                pop3 = "[::]:110"
                pop3s = "[::]:995"
                http = "127.0.0.1:8025"

                [limits]
                max_message_size = "50MiB"

                [auth]
                # Passwords only over TLS, even from this machine.
                allow_plaintext_on_loopback = false
                """.formatted(mailDomain.name(), host.name(), dataDir.toString());
    }
}
