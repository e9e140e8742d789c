package dev.facteur.store;

import java.time.Instant;
import java.util.List;

/** A message in the outbound queue with its state. */
public record QueuedMessage(long id, OutboundMessage message, List<RecipientState> recipients, int attempts,
                            Instant nextAttempt, boolean held, String lastError) {
    public QueuedMessage {
        recipients = List.copyOf(recipients);
    }
}
