package dev.facteur.smtp.server;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.smtp.proto.RcptParameters;
import dev.facteur.store.Resolution;

/** A recipient that got 250 to RCPT, with where its mail goes. */
public record AcceptedRecipient(EmailAddress address, RcptParameters parameters, Destination destination) {

    /** Local accounts and forwards (from the directory), or a remote domain (authenticated submission). */
    public sealed interface Destination {
        record Local(Resolution.Deliver delivery) implements Destination {}

        record Remote() implements Destination {}
    }
}
