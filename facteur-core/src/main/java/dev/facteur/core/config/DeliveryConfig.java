package dev.facteur.core.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Outbound delivery.
 *
 * @param port the port remote MX hosts are contacted on (25 unless a test sets another)
 * @param lifetime how long a message is retried before it bounces (RFC 5321 §4.5.4.1: 4-5 days)
 * @param smarthost when set, every message goes there instead of to MX hosts
 * @param routes per-domain next hops (a domain and its subdomains) when there is no smarthost
 * @param srs rewrite the envelope sender of forwarded mail with SRS (and accept bounces to it)
 * @param srsSecret the SRS key from {@code srs_secret_file}; empty = generated once and kept in the store
 */
public record DeliveryConfig(int port, Duration lifetime, Optional<RelayConfig> smarthost,
                             Map<String, RelayConfig> routes, boolean srs, Optional<Secret> srsSecret) {

    public DeliveryConfig {
        routes = Map.copyOf(routes);
    }

    /** Direct MX delivery on {@code port}, no relay, SRS with a generated key. */
    public DeliveryConfig(int port, Duration lifetime) {
        this(port, lifetime, Optional.empty(), Map.of(), true, Optional.empty());
    }

    /** How a relay session is protected. */
    public enum RelayTls {
        /** RFC 8314 §3: TLS from the first byte (port 465). */
        IMPLICIT,
        /** RFC 3207: STARTTLS with a valid certificate, or nothing is sent. */
        STARTTLS,
        /** RFC 7435: STARTTLS when offered, plain text otherwise; no AUTH. */
        OPPORTUNISTIC
    }

    /**
     * A fixed next hop.
     *
     * @param host a host name or IP address (resolved at delivery time)
     * @param username AUTH user; present exactly when {@code password} is
     * @param password read from {@code password_file}; never printed
     */
    public record RelayConfig(String host, int port, RelayTls tls, Optional<String> username,
                              Optional<Secret> password) {}

    /** A secret read from a file; {@link #toString()} never shows it. */
    public record Secret(byte[] value) {
        public Secret {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        public String text() {
            return new String(value, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Secret s && java.security.MessageDigest.isEqual(value, s.value);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Secret[(hidden)]";
        }
    }
}
