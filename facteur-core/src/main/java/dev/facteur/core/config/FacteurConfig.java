package dev.facteur.core.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The static configuration: what needs a restart to change. Dynamic data (domains,
 * accounts, aliases, keys) lives in the store. Built only by {@link ConfigLoader}, which
 * validates every value.
 *
 * @param source the file it came from; empty for the embedded default
 */
public record FacteurConfig(Optional<Path> source, String hostname, Path dataDir, DatabaseConfig database,
                            TlsConfig tls, DnsConfig dns, Map<ListenerRole, ListenerConfig> listeners,
                            LimitsConfig limits, DeliveryConfig delivery, AuthConfig auth, String logLevel,
                            HttpConfig http, ReportsConfig reports) {
    public FacteurConfig {
        listeners = Map.copyOf(listeners);
    }

    public Optional<ListenerConfig> listener(ListenerRole role) {
        return Optional.ofNullable(listeners.get(role));
    }
}
