package dev.facteur.smtp.server;

import java.util.List;
import java.util.Objects;

/**
 * The static settings of the SMTP server.
 *
 * @param hostname the name in the greeting, EHLO reply and Received headers
 * @param plaintextAuthOnLoopback allow AUTH and submission without TLS from loopback clients
 */
public record SmtpServerSettings(String hostname, List<SmtpListenerSettings> listeners, SmtpLimits limits,
                                 boolean plaintextAuthOnLoopback) {
    public SmtpServerSettings {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(limits, "limits");
        listeners = List.copyOf(listeners);
        if (!hostname.matches("[A-Za-z0-9.-]{1,253}")) {
            throw new IllegalArgumentException("hostname must be a domain name: " + hostname);
        }
    }
}
