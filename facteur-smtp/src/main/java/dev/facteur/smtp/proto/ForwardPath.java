package dev.facteur.smtp.proto;

import dev.facteur.core.mail.EmailAddress;

/** A RCPT TO path: a mailbox, or the bare {@code <Postmaster>} (RFC 5321 §4.1.1.3). */
public sealed interface ForwardPath {
    record Mailbox(EmailAddress address) implements ForwardPath {}

    record Postmaster() implements ForwardPath {}
}
