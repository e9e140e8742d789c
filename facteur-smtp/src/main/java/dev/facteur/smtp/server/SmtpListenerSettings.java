package dev.facteur.smtp.server;

import dev.facteur.core.net.ListenerSettings;
import java.util.Objects;

/** One SMTP listener: the socket settings and its role. */
public record SmtpListenerSettings(ListenerSettings listener, SmtpRole role) {
    public SmtpListenerSettings {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(role, "role");
        if (role == SmtpRole.SUBMISSIONS && !listener.implicitTls()) {
            throw new IllegalArgumentException("the submissions listener must use implicit TLS (RFC 8314)");
        }
        if (role != SmtpRole.SUBMISSIONS && listener.implicitTls()) {
            throw new IllegalArgumentException("only the submissions listener uses implicit TLS");
        }
    }
}
