package dev.facteur.smtp.server;

import dev.facteur.smtp.proto.MessageBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The static settings of the SMTP server.
 *
 * @param hostname the name in the greeting, EHLO reply and Received headers
 * @param plaintextAuthOnLoopback allow AUTH and submission without TLS from loopback clients
 * @param spool where messages larger than its threshold are written while they arrive (under the
 *              data directory); empty keeps every message in memory up to the size limit
 */
public record SmtpServerSettings(String hostname, List<SmtpListenerSettings> listeners, SmtpLimits limits,
                                 boolean plaintextAuthOnLoopback, Optional<MessageBuffer.Spool> spool) {
    /** Spooled messages that may be read back into memory for delivery at once (at least one). */
    static final long SPOOLED_DELIVERY_MEMORY = 256L * 1024 * 1024;

    public SmtpServerSettings {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(spool, "spool");
        listeners = List.copyOf(listeners);
        if (!hostname.matches("[A-Za-z0-9.-]{1,253}")) {
            throw new IllegalArgumentException("hostname must be a domain name: " + hostname);
        }
    }

    /** Without a spool: messages are held in memory up to the size limit. */
    public SmtpServerSettings(String hostname, List<SmtpListenerSettings> listeners, SmtpLimits limits,
                              boolean plaintextAuthOnLoopback) {
        this(hostname, listeners, limits, plaintextAuthOnLoopback, Optional.empty());
    }
}
