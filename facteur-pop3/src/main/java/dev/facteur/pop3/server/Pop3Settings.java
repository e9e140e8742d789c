package dev.facteur.pop3.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What a POP3 server needs to know beyond its collaborators.
 *
 * @param hostname the server's name, used in the APOP timestamp
 * @param idleTimeout RFC 1939 §3: the autologout timer, at least 10 minutes in production
 * @param maxLineOctets RFC 2449 §4: a command line is at most 255 octets with its CRLF
 * @param maxSaslLineOctets bound on an AUTH line or SASL response (OAuth tokens run to kilobytes)
 * @param maxErrors bad or misplaced commands before the session is closed
 * @param maxCommandsBeforeLogin commands allowed before authentication succeeds
 * @param loginDelay RFC 2449 §6.8: minimum time between two logins of one account (0: none)
 * @param allowPlaintextOnLoopback accept USER/PASS and AUTH PLAIN without TLS from loopback
 */
public record Pop3Settings(String hostname, Duration idleTimeout, int maxLineOctets, int maxSaslLineOctets,
                           int maxErrors, int maxCommandsBeforeLogin, Duration loginDelay,
                           boolean allowPlaintextOnLoopback) {

    /** RFC 1939 §3: an autologout timer MUST be of at least 10 minutes' duration. */
    public static final Duration RFC_MINIMUM_IDLE = Duration.ofMinutes(10);

    public Pop3Settings {
        Objects.requireNonNull(hostname, "hostname");
        if (hostname.isBlank() || !hostname.matches("[A-Za-z0-9.-]{1,253}")) {
            throw new IllegalArgumentException("hostname must be a DNS name: " + hostname);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (maxLineOctets < 255) {
            throw new IllegalArgumentException("maxLineOctets must be at least 255 (RFC 2449 §4)");
        }
        if (maxSaslLineOctets < maxLineOctets) {
            throw new IllegalArgumentException("maxSaslLineOctets must be at least maxLineOctets");
        }
        if (maxErrors < 1 || maxCommandsBeforeLogin < 1) {
            throw new IllegalArgumentException("maxErrors and maxCommandsBeforeLogin must be at least 1");
        }
        if (loginDelay.isNegative()) {
            throw new IllegalArgumentException("loginDelay must not be negative");
        }
    }

    /** The defaults: 10-minute autologout, 255-octet lines, 10 errors, 30 commands before login. */
    public static Pop3Settings defaults(String hostname, boolean allowPlaintextOnLoopback) {
        return new Pop3Settings(hostname, RFC_MINIMUM_IDLE, 255, 16 * 1024, 10, 30, Duration.ZERO,
                allowPlaintextOnLoopback);
    }

    public Pop3Settings withIdleTimeout(Duration timeout) {
        return new Pop3Settings(hostname, timeout, maxLineOctets, maxSaslLineOctets, maxErrors,
                maxCommandsBeforeLogin, loginDelay, allowPlaintextOnLoopback);
    }

    public Pop3Settings withLoginDelay(Duration delay) {
        return new Pop3Settings(hostname, idleTimeout, maxLineOctets, maxSaslLineOctets, maxErrors,
                maxCommandsBeforeLogin, delay, allowPlaintextOnLoopback);
    }
}
