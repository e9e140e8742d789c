package dev.facteur.smtp.client;

import java.io.IOException;

/**
 * A session with a remote SMTP server failed outside the reply codes: the connection could not be
 * made or broke, a timeout passed, the server spoke something that is not SMTP, or TLS failed.
 * Each is a temporary condition for delivery (RFC 5321 §4.5.4.1), except where the caller's policy
 * decides otherwise (e.g. an MTA-STS enforce failure is still retried, then bounced at expiry).
 */
public final class SmtpClientException extends IOException {

    /** What went wrong, for outcomes, metrics and TLS reports. */
    public enum Kind {
        CONNECT_FAILED, TIMEOUT, CONNECTION_LOST, PROTOCOL_ERROR, TLS_UNAVAILABLE, TLS_FAILED, AUTH_FAILED
    }

    private final Kind kind;

    public SmtpClientException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SmtpClientException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
