package dev.facteur.pop3.server;

import dev.facteur.pop3.proto.Pop3Response;
import dev.facteur.store.Mailbox;
import dev.facteur.store.MessageRecord;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The maildrop of one TRANSACTION state: the INBOX's messages as they were at login, numbered
 * from 1 (RFC 1939 §5), with the deletion marks of this session. Messages that arrive later
 * are not part of it; the store is touched again only at QUIT.
 */
final class Maildrop {
    private final String account;
    private final Mailbox inbox;
    private final List<MessageRecord> messages;
    private final long[] octets;
    private final MaildropLocks.Lease lease;
    private final BitSet deleted;

    /** @param octets each message's size on the wire (see {@link WireSizes}), in maildrop order */
    Maildrop(String account, Mailbox inbox, List<MessageRecord> messages, long[] octets, MaildropLocks.Lease lease) {
        if (octets.length != messages.size()) {
            throw new IllegalArgumentException("one size per message");
        }
        this.account = account;
        this.inbox = inbox;
        this.messages = List.copyOf(messages);
        this.octets = octets.clone();
        this.lease = lease;
        this.deleted = new BitSet(messages.size());
    }

    String account() {
        return account;
    }

    Mailbox inbox() {
        return inbox;
    }

    /** Messages in the snapshot, deleted or not. */
    int size() {
        return messages.size();
    }

    /** RFC 1939 §5 STAT: messages marked as deleted are not counted. */
    int liveCount() {
        return messages.size() - deleted.cardinality();
    }

    long liveOctets() {
        long total = 0;
        for (int i = deleted.nextClearBit(0); i < messages.size(); i = deleted.nextClearBit(i + 1)) {
            total += octets[i];
        }
        return total;
    }

    /** RFC 1939 §5 LIST: the exact size of message {@code number} as RETR sends it (deleted or not). */
    long octets(int number) {
        return octets[number - 1];
    }

    boolean isDeleted(int number) {
        return deleted.get(number - 1);
    }

    /**
     * The message with this number. RFC 1939 §5: a number out of range or of a message marked
     * as deleted gets {@code -ERR}.
     */
    MessageRecord message(int number) throws Pop3CommandFailed {
        if (number < 1 || number > messages.size()) {
            throw new Pop3CommandFailed(Pop3Response.Status.err("no such message"));
        }
        if (deleted.get(number - 1)) {
            throw new Pop3CommandFailed(Pop3Response.Status.err("message " + number + " already deleted"));
        }
        return messages.get(number - 1);
    }

    MessageRecord messageIncludingDeleted(int number) {
        return messages.get(number - 1);
    }

    void markDeleted(int number) throws Pop3CommandFailed {
        message(number);
        deleted.set(number - 1);
    }

    /** RFC 1939 §5 RSET: unmarks every message. */
    void unmarkAll() {
        deleted.clear();
    }

    /** The UIDs of the marked messages, ascending. */
    List<Long> markedUids() {
        List<Long> uids = new ArrayList<>(deleted.cardinality());
        for (int i = deleted.nextSetBit(0); i >= 0; i = deleted.nextSetBit(i + 1)) {
            uids.add(messages.get(i).uid());
        }
        return uids;
    }

    /**
     * RFC 1939 §7 UIDL: a unique-id of 1 to 70 characters in 0x21-0x7E that never changes and
     * is never reused. {@code <uidvalidity>.<uid>} is exactly the IMAP identity of the message
     * (RFC 9051 §2.3.1.1), so POP3 and IMAP clients agree on it.
     */
    String uidl(MessageRecord message) {
        return inbox.uidValidity() + "." + message.uid();
    }

    /** True if this session still holds the maildrop lock (checked now). */
    boolean lockStillHeld() {
        return lease.confirm();
    }

    /** Releases the maildrop lock; idempotent. */
    void release() {
        lease.close();
    }
}
