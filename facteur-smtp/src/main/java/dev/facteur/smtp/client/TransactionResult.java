package dev.facteur.smtp.client;

import java.util.List;
import java.util.Optional;

/**
 * The replies to one mail transaction: MAIL, each RCPT in envelope order, and the final reply to
 * the message data when it was sent (none if MAIL or every RCPT failed, or DATA/BDAT was refused
 * before content, in which case {@code dataReply} holds that refusal).
 */
public record TransactionResult(SmtpReply mailReply, List<SmtpReply> rcptReplies, Optional<SmtpReply> dataReply) {

    public TransactionResult {
        rcptReplies = List.copyOf(rcptReplies);
    }

    /** True if the message was accepted for the recipients whose RCPT got a positive reply. */
    public boolean delivered() {
        return dataReply.map(SmtpReply::isPositive).orElse(false);
    }
}
