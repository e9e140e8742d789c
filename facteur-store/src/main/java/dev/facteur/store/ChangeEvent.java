package dev.facteur.store;

/** A change to a mailbox, published after commit. Subscribers re-read the store for details. */
public sealed interface ChangeEvent {
    long accountId();

    long mailboxId();

    long modSeq();

    record MessageAdded(long accountId, long mailboxId, long uid, long modSeq) implements ChangeEvent {}

    record FlagsChanged(long accountId, long mailboxId, long uid, long modSeq) implements ChangeEvent {}

    record Expunged(long accountId, long mailboxId, long uid, long modSeq) implements ChangeEvent {}

    /** A mailbox was created, deleted or renamed (for LIST-driven clients and NOTIFY). */
    record MailboxesChanged(long accountId, long mailboxId, long modSeq) implements ChangeEvent {}
}
