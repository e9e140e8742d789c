package dev.facteur.smtp.server;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.smtp.proto.MailParameters;
import java.util.List;
import java.util.Optional;

/** The envelope of one accepted transaction: sender, its parameters, and the accepted recipients. */
public record Envelope(Optional<EmailAddress> sender, MailParameters parameters, List<AcceptedRecipient> recipients) {
    public Envelope {
        recipients = List.copyOf(recipients);
    }
}
