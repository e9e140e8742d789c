package dev.facteur.smtp.outbound;

import dev.facteur.core.mail.Domain;
import dev.facteur.smtp.client.SmtpClientSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Static settings of outbound delivery.
 *
 * @param hostname our name in EHLO and in DSNs (Reporting-MTA)
 * @param port the port MX hosts are contacted on (config {@code delivery.port}; 25 in production)
 * @param lifetime how long a message is retried before it bounces (RFC 5321 §4.5.4.1: 4-5 days)
 * @param delayWarning when set, a "delayed" DSN goes out once a message has waited this long
 * @param smarthost when set, every message goes there instead of to MX hosts
 * @param routes per-domain next hops (the recipient domain or a parent domain of it)
 * @param concurrency messages delivered at once by this node
 * @param perDestination connections at once to one destination (domain or relay)
 * @param destinationWait how long a delivery waits for a destination slot before it is deferred
 * @param lease how long a claim lasts: longer than the longest delivery attempt
 * @param pollInterval how often an idle worker looks for due messages
 * @param ipv6 connect to AAAA addresses as well as A
 * @param mtaSts apply MTA-STS policies (RFC 8461)
 * @param dane apply DANE TLSA records when DNSSEC-authenticated (RFC 7672)
 * @param workerId this node's name in claims
 */
public record DeliverySettings(String hostname, int port, Duration lifetime, Optional<Duration> delayWarning,
                               Optional<Relay> smarthost, Map<Domain, Relay> routes, int concurrency,
                               int perDestination, Duration destinationWait, Duration lease, Duration pollInterval,
                               boolean ipv6, boolean mtaSts, boolean dane, SmtpClientSettings client,
                               String workerId) {

    public DeliverySettings {
        routes = Map.copyOf(routes);
        if (hostname.isBlank() || hostname.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("delivery hostname must be a host name");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("delivery port out of range: " + port);
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("delivery lifetime must be positive");
        }
        if (concurrency < 1 || perDestination < 1) {
            throw new IllegalArgumentException("delivery concurrency must be at least 1");
        }
        if (lease.toSeconds() < 60) {
            throw new IllegalArgumentException("claim lease must be at least a minute");
        }
        if (pollInterval.isNegative() || pollInterval.isZero() || destinationWait.isNegative()) {
            throw new IllegalArgumentException("poll interval must be positive and destination wait not negative");
        }
    }

    /** Production defaults: port 25, 5 days, no delay warning, direct MX delivery, 64 at once, 8 per destination. */
    public static DeliverySettings defaults(String hostname) {
        return new DeliverySettings(hostname, 25, Duration.ofDays(5), Optional.empty(), Optional.empty(), Map.of(),
                64, 8, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(5), true, true, true,
                SmtpClientSettings.rfcDefaults(), hostname);
    }

    /** The fixed next hop for a recipient domain, if any: the smarthost, else the most specific route. */
    public Optional<Relay> relayFor(Domain domain) {
        if (smarthost.isPresent()) {
            return smarthost;
        }
        String name = domain.name();
        while (true) {
            Relay r = routes.get(new Domain(name));
            if (r != null) {
                return Optional.of(r);
            }
            int dot = name.indexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            name = name.substring(dot + 1);
        }
    }

    public DeliverySettings withPort(int newPort) {
        return new DeliverySettings(hostname, newPort, lifetime, delayWarning, smarthost, routes, concurrency,
                perDestination, destinationWait, lease, pollInterval, ipv6, mtaSts, dane, client, workerId);
    }
}
