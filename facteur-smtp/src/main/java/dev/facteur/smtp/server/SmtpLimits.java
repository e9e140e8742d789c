package dev.facteur.smtp.server;

import java.time.Duration;

/**
 * Per-session limits; each has a reply when exceeded.
 *
 * @param maxMessageSize octets (SIZE, RFC 1870); 552 5.3.4 beyond
 * @param maxRecipients per transaction; 452 4.5.3 beyond (RFC 5321 §4.5.3.1.8 asks at least 100)
 * @param maxErrors syntax errors, unknown commands, refused commands; then 421 and close
 * @param commandTimeout wait for the next command (RFC 5321 §4.5.3.2.7: at least 5 minutes)
 * @param unauthenticatedTimeout the same on submission before AUTH (shorter)
 * @param dataTimeout wait for each block of DATA/BDAT octets (RFC 5321 §4.5.3.2.5 suggests 3 min)
 * @param maxReceivedHeaders more Received fields than this is a loop (RFC 5321 §6.3); 554 5.4.6
 * @param preGreetingWait how long to watch for clients that talk before the greeting; zero only
 *                        checks what has already arrived
 */
public record SmtpLimits(long maxMessageSize, int maxRecipients, int maxErrors, Duration commandTimeout,
                         Duration unauthenticatedTimeout, Duration dataTimeout, int maxReceivedHeaders,
                         Duration preGreetingWait) {
    public SmtpLimits {
        if (maxMessageSize < 1024 || maxMessageSize > 1L << 30) {
            throw new IllegalArgumentException("maxMessageSize must be between 1 KiB and 1 GiB");
        }
        if (maxRecipients < 1 || maxErrors < 1 || maxReceivedHeaders < 1) {
            throw new IllegalArgumentException("SMTP limits must be positive");
        }
        for (Duration d : new Duration[] {commandTimeout, unauthenticatedTimeout, dataTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("SMTP timeouts must be positive");
            }
        }
        if (preGreetingWait.isNegative()) {
            throw new IllegalArgumentException("preGreetingWait must not be negative");
        }
    }

    /** 50 MiB, 100 recipients, 20 errors, 5 min / 1 min / 3 min, 50 Received, no pre-greeting wait. */
    public static SmtpLimits defaults() {
        return new SmtpLimits(50L * 1024 * 1024, 100, 20, Duration.ofMinutes(5), Duration.ofMinutes(1),
                Duration.ofMinutes(3), 50, Duration.ZERO);
    }
}
