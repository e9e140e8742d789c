package dev.facteur.smtp.server;

import dev.facteur.core.mail.EmailAddress;
import java.util.Optional;

/**
 * One stage of inbound policy (SPF, DKIM, DMARC, ARC, RBLs, rate limits …), asked at each step of
 * a session. Each method defaults to {@link Verdict#CONTINUE}. Stages must not throw for a
 * policy outcome; an exception is a local error (451).
 */
public interface PolicyStage {

    default Verdict onConnect(SessionInfo session) {
        return Verdict.CONTINUE;
    }

    default Verdict onMailFrom(SessionInfo session, Optional<EmailAddress> sender) {
        return Verdict.CONTINUE;
    }

    default Verdict onRecipient(SessionInfo session, Optional<EmailAddress> sender, EmailAddress recipient) {
        return Verdict.CONTINUE;
    }

    /** The whole message as received (before trace headers are added), for DKIM and DMARC. */
    default Verdict onMessage(SessionInfo session, Envelope envelope, byte[] message) {
        return Verdict.CONTINUE;
    }

    /**
     * The message to store once every stage accepted it: a stage may remove header fields that must
     * not reach the mailbox (RFC 8601 §5: forged Authentication-Results). Returns {@code message}
     * unchanged by default.
     */
    default byte[] sanitise(SessionInfo session, byte[] message) {
        return message;
    }
}
