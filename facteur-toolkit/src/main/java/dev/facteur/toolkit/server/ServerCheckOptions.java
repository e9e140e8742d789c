package dev.facteur.toolkit.server;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Options of {@link ServerChecker}: the port of each service (standard ports by default; tests map
 * them to loopback ports), the timeouts, the credentials of an optional login test, and whether to
 * enumerate every TLS version and cipher suite of each port (one connection per accepted suite).
 */
public record ServerCheckOptions(Map<Service, Integer> ports, Duration timeout, Optional<Credentials> credentials,
        String clientName, boolean scanTls) {

    /** A user and password for the login test; the password is never rendered. */
    public record Credentials(String user, String password) {
        public Credentials {
            for (String s : new String[] {user, password}) {
                if (s.isEmpty() || s.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                    throw new IllegalArgumentException("user and password must be non-empty and free of CR, LF and NUL");
                }
            }
        }

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=********]";
        }
    }

    public ServerCheckOptions {
        ports = Map.copyOf(ports);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** With the TLS enumeration on. */
    public ServerCheckOptions(Map<Service, Integer> ports, Duration timeout, Optional<Credentials> credentials, String clientName) {
        this(ports, timeout, credentials, clientName, true);
    }

    /** The same options with the TLS enumeration on or off. */
    public ServerCheckOptions withTlsScan(boolean on) {
        return new ServerCheckOptions(ports, timeout, credentials, clientName, on);
    }

    public static ServerCheckOptions standard(Duration timeout, Optional<Credentials> credentials) {
        Map<Service, Integer> ports = new java.util.EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            ports.put(s, s.standardPort());
        }
        return new ServerCheckOptions(ports, timeout, credentials, "check.facteur.invalid");
    }
}
