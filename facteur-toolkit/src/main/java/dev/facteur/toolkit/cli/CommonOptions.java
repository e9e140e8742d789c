package dev.facteur.toolkit.cli;

import dev.facteur.auth.dns.DnsServerAddress;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every toolkit command takes: {@code --json} and {@code --dns HOST:PORT}. */
public final class CommonOptions {

    @Option(names = "--json", description = "Print JSON for machines instead of the report for people.")
    boolean json;

    @Option(names = "--dns", paramLabel = "HOST:PORT", description = "DNS server to ask (repeatable); default: the configured or system resolvers.")
    List<String> dns = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", description = "Wait for each network step (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    List<String> dnsServers() {
        for (String d : dns) {
            DnsServerAddress.parse(d);
        }
        return dns;
    }

    java.time.Duration timeout() {
        if (timeoutSeconds < 1 || timeoutSeconds > 600) {
            throw new IllegalArgumentException("--timeout must be 1 to 600 seconds");
        }
        return java.time.Duration.ofSeconds(timeoutSeconds);
    }
}
