package dev.facteur.store;

/** The result of an append: where the message landed. */
public record Appended(long mailboxId, long uidValidity, long uid, long modSeq, String emailId) {}
