package dev.facteur.smtp.client;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Timeouts and limits of one SMTP client session.
 *
 * @param greeting RFC 5321 §4.5.3.2.1: initial 220 message, 5 minutes
 * @param command RFC 5321 §4.5.3.2.2-3: MAIL and RCPT (and EHLO, STARTTLS, AUTH, RSET), 5 minutes
 * @param dataInit RFC 5321 §4.5.3.2.4: DATA initiation, 2 minutes
 * @param dataBlock RFC 5321 §4.5.3.2.5: each data block sent, 3 minutes
 * @param dataTermination RFC 5321 §4.5.3.2.6: the reply to the final dot, 10 minutes
 * @param localAddress the address to connect from, if not the system's choice
 */
public record SmtpClientSettings(Duration connect, Duration greeting, Duration command, Duration dataInit,
                                 Duration dataBlock, Duration dataTermination, Optional<InetAddress> localAddress) {

    public SmtpClientSettings {
        for (Duration d : new Duration[] {connect, greeting, command, dataInit, dataBlock, dataTermination}) {
            if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("SMTP client timeouts must be positive and below 24 days");
            }
        }
    }

    /** The RFC 5321 §4.5.3.2 values, with a 30 second connect timeout. */
    public static SmtpClientSettings rfcDefaults() {
        return new SmtpClientSettings(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(10), Optional.empty());
    }

    /** Every timeout set to {@code d} (tests and interactive tools). */
    public static SmtpClientSettings uniform(Duration d) {
        return new SmtpClientSettings(d, d, d, d, d, d, Optional.empty());
    }
}
