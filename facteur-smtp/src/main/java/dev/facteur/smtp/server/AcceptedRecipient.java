package dev.facteur.smtp.server;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.smtp.proto.RcptParameters;
import dev.facteur.store.Resolution;

/** A recipient that got 250 to RCPT, with where its mail goes. */
public record AcceptedRecipient(EmailAddress address, RcptParameters parameters, Destination destination) {

    /**
     * Local accounts and forwards (from the directory), a remote domain (authenticated submission),
     * or a verified SRS address of ours, reversed to the original sender it stands for.
     */
    public sealed interface Destination {
        record Local(Resolution.Deliver delivery) implements Destination {}

        record Remote() implements Destination {}

        record SrsReversed(EmailAddress original) implements Destination {}
    }
}
