package dev.facteur.store;

import java.util.Optional;

/**
 * A mailbox of one account. {@code name} is the full hierarchical name with {@code /} as the
 * separator, {@code INBOX} for the inbox (case-insensitive on input, stored as {@code INBOX}).
 *
 * @param uidValidity RFC 9051 §2.3.1.1: stable for the mailbox's lifetime
 * @param uidNext the UID the next message will get; UIDs strictly ascend, never reused
 * @param highestModSeq RFC 7162: the highest MODSEQ of any change in the mailbox
 * @param messageCount messages currently in the mailbox
 * @param totalSize sum of their sizes in octets
 */
public record Mailbox(long id, long accountId, String name, long uidValidity, long uidNext,
                      long highestModSeq, Optional<SpecialUse> specialUse, boolean subscribed,
                      long messageCount, long unseenCount, long totalSize) {

    public static final String INBOX = "INBOX";
    public static final char SEPARATOR = '/';

    public boolean isInbox() {
        return INBOX.equals(name);
    }
}
