package dev.facteur.core.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** The DNS servers the resolver asks; empty means the system's resolvers. */
public record DnsConfig(List<InetSocketAddress> servers, Duration timeout) {
    public DnsConfig {
        servers = List.copyOf(servers);
    }
}
