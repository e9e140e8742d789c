package dev.facteur.smtp.client;

import java.util.List;

/**
 * One SMTP transaction's envelope as the client sends it.
 *
 * @param reversePath the MAIL FROM path without angle brackets; empty for the null path {@code <>}
 * @param mailParameters ESMTP parameters of MAIL (e.g. {@code SIZE=1234}, {@code BODY=8BITMIME})
 * @param recipients forward paths with their RCPT parameters
 */
public record Envelope(String reversePath, List<String> mailParameters, List<Recipient> recipients) {

    public Envelope {
        mailParameters = List.copyOf(mailParameters);
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
        Commands.checkPath(reversePath);
        mailParameters.forEach(Commands::checkParameter);
    }

    /** A forward path and its ESMTP parameters (e.g. {@code NOTIFY=FAILURE}, {@code ORCPT=rfc822;a@b}). */
    public record Recipient(String forwardPath, List<String> parameters) {
        public Recipient {
            parameters = List.copyOf(parameters);
            Commands.checkPath(forwardPath);
            if (forwardPath.isEmpty()) {
                throw new IllegalArgumentException("a forward path is never empty");
            }
            parameters.forEach(Commands::checkParameter);
        }
    }
}
