package dev.facteur.smtp.outbound;

import java.util.Optional;

/**
 * A fixed next hop instead of MX lookup: the smarthost for everything, or a per-domain route.
 *
 * @param host a host name or IP literal
 * @param credentials AUTH user and password, sent only over TLS
 * @param security how the session is protected: implicit TLS, STARTTLS required, or opportunistic
 */
public record Relay(String host, int port, Optional<Credentials> credentials, Security security) {

    /** How a relay session is protected. */
    public enum Security {
        /** RFC 8314 §3: TLS from the first byte (port 465), certificate valid for the host. */
        IMPLICIT_TLS,
        /** RFC 3207: STARTTLS must succeed with a certificate valid for the host, or nothing is sent. */
        STARTTLS,
        /** RFC 7435: STARTTLS when offered, any certificate, plain text otherwise. */
        OPPORTUNISTIC
    }

    /** A relay with STARTTLS required ({@code requireTls}) or opportunistic. */
    public Relay(String host, int port, Optional<Credentials> credentials, boolean requireTls) {
        this(host, port, credentials, requireTls ? Security.STARTTLS : Security.OPPORTUNISTIC);
    }

    public Relay {
        if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("relay host must be a host name or address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("relay port out of range: " + port);
        }
        if (credentials.isPresent() && security == Security.OPPORTUNISTIC) {
            // RFC 4954 §4: credentials only over a protected session.
            throw new IllegalArgumentException("relay credentials need requireTls");
        }
    }

    /** True if nothing is sent unless TLS with a certificate valid for the host protects the session. */
    public boolean requireTls() {
        return security != Security.OPPORTUNISTIC;
    }

    /** A plain route to a host on a port, opportunistic TLS, no AUTH. */
    public static Relay to(String host, int port) {
        return new Relay(host, port, Optional.empty(), Security.OPPORTUNISTIC);
    }

    /** AUTH credentials; the password is kept out of {@link #toString()}. */
    public record Credentials(String user, String password) {
        public Credentials {
            if (user.isEmpty() || user.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)
                    || password.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new IllegalArgumentException("relay credentials contain CR, LF or NUL, or the user is empty");
            }
        }

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=(hidden)]";
        }
    }
}
