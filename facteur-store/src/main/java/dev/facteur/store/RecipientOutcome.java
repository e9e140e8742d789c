package dev.facteur.store;

/** The outcome of one delivery attempt for one recipient. */
public record RecipientOutcome(String address, RecipientState.Status status, String reply) {}
