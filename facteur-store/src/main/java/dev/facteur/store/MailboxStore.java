package dev.facteur.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mailboxes and messages. A message's UID and its mailbox's UIDNEXT and HIGHESTMODSEQ change
 * in the same transaction as the message row, and every change writes a change-log row and
 * publishes a {@link ChangeEvent} after commit.
 */
public interface MailboxStore {

    List<Mailbox> list(long accountId);

    /** Finds a mailbox by name; {@code INBOX} matches case-insensitively (RFC 9051 §5.1). */
    Optional<Mailbox> find(long accountId, String name);

    Optional<Mailbox> find(long mailboxId);

    /**
     * The id of a mailbox found by name as {@link #find(long, String)} finds it, without its counts
     * (for callers that only address it, such as APPEND and COPY targets).
     */
    default Optional<Long> id(long accountId, String name) {
        return find(accountId, name).map(Mailbox::id);
    }

    /**
     * Creates the mailbox and any missing parents; ConflictException if it exists;
     * IllegalArgumentException for a name with an empty level or a control character.
     */
    Mailbox create(long accountId, String name, Optional<SpecialUse> specialUse);

    /**
     * Deletes the mailbox and its messages; ConflictException for INBOX and for a mailbox that
     * still has children (delete those first). Subscriptions are kept (RFC 9051 §6.3.9).
     */
    void delete(long mailboxId);

    /**
     * Renames the mailbox and its children, creating missing parents, with their subscriptions
     * (RFC 9051 §6.3.6; renaming INBOX moves its messages to a new mailbox and leaves INBOX).
     * ConflictException if the new name exists or lies under the old one.
     */
    void rename(long mailboxId, String newName);

    void setSubscribed(long accountId, String name, boolean subscribed);

    /** Subscribed names, including those that no longer exist as mailboxes. */
    List<String> subscriptions(long accountId);

    /**
     * Appends one message; durable on return. {@link QuotaExceededException} if the account's
     * quota would be exceeded; ConflictException for an unknown mailbox.
     */
    Appended append(long mailboxId, NewMessage message);

    /**
     * Appends each message to its mailbox in one transaction (one commit for all, shared with
     * concurrent callers by group commit). Used by SMTP delivery to many recipients and by
     * MULTIAPPEND. All or nothing.
     */
    List<Appended> appendAll(List<Map.Entry<Long, NewMessage>> deliveries);

    /** All messages of a mailbox in UID order. */
    List<MessageRecord> messages(long mailboxId);

    /**
     * The UID, MODSEQ and flags of every message of a mailbox, in UID order, without the rest of
     * each row (IMAP SELECT keeps only these; whole records are read when a command needs them).
     */
    default MailboxIndex index(long mailboxId) {
        return MailboxIndex.of(messages(mailboxId));
    }

    /** The messages among {@code uids} that exist in the mailbox, in UID order (a few queries for many UIDs). */
    default List<MessageRecord> messages(long mailboxId, List<Long> uids) {
        java.util.Set<Long> wanted = new java.util.HashSet<>(uids);
        return messages(mailboxId).stream().filter(m -> wanted.contains(m.uid())).toList();
    }

    /** Messages whose MODSEQ is greater than {@code modSeq}, in UID order (CONDSTORE/QRESYNC). */
    List<MessageRecord> changedSince(long mailboxId, long modSeq);

    /** UIDs expunged with a MODSEQ greater than {@code modSeq}, ascending (QRESYNC VANISHED). */
    List<Long> expungedSince(long mailboxId, long modSeq);

    Optional<MessageRecord> message(long mailboxId, long uid);

    /**
     * The cached header octets (the message's first octets through the blank line that ends its
     * header) of those {@code uids} that have one, by UID; one query per few hundred UIDs. A message
     * stored without a cached header is absent: read its blob instead. A store that caches no
     * headers returns an empty map (the default, for stores kept in memory).
     */
    default Map<Long, byte[]> headers(long mailboxId, List<Long> uids) {
        return Map.of();
    }

    FlagResult changeFlags(long mailboxId, FlagChange change);

    /** Removes the UIDs from the mailbox; returns the UIDs actually removed. */
    List<Long> expunge(long mailboxId, List<Long> uids);

    /** Copies messages; returns source UID to destination UID (for COPYUID, RFC 4315). */
    Map<Long, Long> copy(long fromMailboxId, List<Long> uids, long toMailboxId);

    /**
     * Moves messages atomically (RFC 6851); returns source UID to destination UID. The moved
     * messages keep EMAILID and THREADID, and do not count twice against the quota.
     */
    Map<Long, Long> move(long fromMailboxId, List<Long> uids, long toMailboxId);
}
