package dev.facteur.store;

/** Where one recipient of a queued message stands. */
public record RecipientState(OutboundRecipient recipient, Status status, String lastReply) {
    public enum Status { PENDING, DELIVERED, FAILED, RELAYED }
}
