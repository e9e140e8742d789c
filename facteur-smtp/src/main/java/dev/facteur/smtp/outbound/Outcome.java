package dev.facteur.smtp.outbound;

import dev.facteur.smtp.client.EnhancedStatus;
import dev.facteur.smtp.client.SmtpReply;
import java.util.Optional;

/** What one delivery attempt did for one recipient. */
public sealed interface Outcome {

    String recipient();

    /** The reply or our own diagnostic, for logs, the queue and DSN Diagnostic-Code. */
    SmtpReply reply();

    /** The host that answered, if we reached one (DSN Remote-MTA). */
    Optional<String> remoteMta();

    /**
     * The next hop accepted the message.
     *
     * @param relayed RFC 3461 §5.2.2: the peer had no DSN extension, so a requested success
     *                notification is ours to send as "relayed"
     */
    record Delivered(String recipient, SmtpReply reply, Optional<String> remoteMta, boolean relayed) implements Outcome {
    }

    /** Try again later (4xx, timeouts, connection failures, DNS failures). */
    record Deferred(String recipient, SmtpReply reply, Optional<String> remoteMta) implements Outcome {
    }

    /** Will never succeed (5xx, null MX, no such domain): bounce. */
    record Failed(String recipient, SmtpReply reply, Optional<String> remoteMta) implements Outcome {
    }

    static Outcome deferred(String recipient, int code, EnhancedStatus status, String text) {
        return new Deferred(recipient, SmtpReply.of(code, status, text), Optional.empty());
    }

    static Outcome failed(String recipient, int code, EnhancedStatus status, String text) {
        return new Failed(recipient, SmtpReply.of(code, status, text), Optional.empty());
    }
}
