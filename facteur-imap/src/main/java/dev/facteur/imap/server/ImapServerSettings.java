package dev.facteur.imap.server;

import java.time.Duration;

/**
 * Static settings of the IMAP server (restart to apply).
 *
 * @param hostname the server's name in the greeting
 * @param appendLimit the largest message APPEND accepts, in octets (RFC 7889 APPENDLIMIT)
 * @param maxLineLength the longest command line accepted (RFC 7162 §4 asks at least 8192)
 * @param maxCommandLiteral the largest literal outside APPEND (mailbox names, search strings)
 * @param loginTimeout read timeout before authentication
 * @param idleTimeout read timeout once authenticated (RFC 9051 §5.4: at least 30 minutes)
 * @param maxBadCommands protocol errors before the session is closed (flooding)
 * @param allowPlaintextOnLoopback accept LOGIN / AUTHENTICATE PLAIN without TLS from loopback
 */
public record ImapServerSettings(String hostname, long appendLimit, int maxLineLength, int maxCommandLiteral,
                                 Duration loginTimeout, Duration idleTimeout, int maxBadCommands,
                                 boolean allowPlaintextOnLoopback) {

    public ImapServerSettings {
        if (hostname.isBlank()) {
            throw new IllegalArgumentException("hostname must not be blank");
        }
        if (appendLimit < 1024 || appendLimit > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("appendLimit must be between 1 KiB and 2 GiB");
        }
        if (maxLineLength < 8192) {
            throw new IllegalArgumentException("maxLineLength must be at least 8192 (RFC 7162 §4)");
        }
        if (maxCommandLiteral < 1024) {
            throw new IllegalArgumentException("maxCommandLiteral must be at least 1024");
        }
        if (loginTimeout.isNegative() || loginTimeout.isZero() || idleTimeout.compareTo(loginTimeout) < 0) {
            throw new IllegalArgumentException("timeouts must be positive, idleTimeout >= loginTimeout");
        }
        if (maxBadCommands < 1) {
            throw new IllegalArgumentException("maxBadCommands must be positive");
        }
    }

    /** Defaults: 50 MB messages, 64 KiB lines, 1 minute to log in, 30 minutes idle, 20 errors. */
    public static ImapServerSettings defaults(String hostname) {
        return new ImapServerSettings(hostname, 50L * 1024 * 1024, 65536, 65536, Duration.ofMinutes(1),
                Duration.ofMinutes(30), 20, false);
    }

    public ImapServerSettings withPlaintextOnLoopback(boolean allow) {
        return new ImapServerSettings(hostname, appendLimit, maxLineLength, maxCommandLiteral, loginTimeout,
                idleTimeout, maxBadCommands, allow);
    }
}
