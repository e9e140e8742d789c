package dev.facteur.pop3.server;

import dev.facteur.pop3.proto.Pop3Response;
import dev.facteur.pop3.proto.Pop3Response.Status;
import dev.facteur.pop3.proto.ResponseCode;
import dev.facteur.store.BlobStore;
import dev.facteur.store.MailboxStore;
import dev.facteur.store.MessageRecord;
import dev.facteur.store.StoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The TRANSACTION-state commands (RFC 1939 §5, §7) and the UPDATE state (§6) over a maildrop. */
final class Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    private final MailboxStore mailboxes;
    private final BlobStore blobs;

    Transactions(MailboxStore mailboxes, BlobStore blobs) {
        this.mailboxes = mailboxes;
        this.blobs = blobs;
    }

    /** RFC 1939 §5 STAT: {@code +OK count octets}, deleted messages left out. */
    Status stat(Maildrop m) {
        return Status.ok(m.liveCount() + " " + m.liveOctets());
    }

    /** RFC 1939 §5 LIST: a scan listing of one message, or of every message not deleted. */
    Pop3Response list(Maildrop m, OptionalInt number) throws Pop3CommandFailed {
        if (number.isPresent()) {
            m.message(number.getAsInt());
            return Status.ok(number.getAsInt() + " " + m.octets(number.getAsInt()));
        }
        List<String> lines = new ArrayList<>(m.liveCount());
        for (int i = 1; i <= m.size(); i++) {
            if (!m.isDeleted(i)) {
                lines.add(i + " " + m.octets(i));
            }
        }
        return new Pop3Response.MultiLine(Status.ok(m.liveCount() + " messages (" + m.liveOctets() + " octets)"),
                lines);
    }

    /** RFC 1939 §7 UIDL: the unique-id listing of one message or of every message not deleted. */
    Pop3Response uidl(Maildrop m, OptionalInt number) throws Pop3CommandFailed {
        if (number.isPresent()) {
            MessageRecord r = m.message(number.getAsInt());
            return Status.ok(number.getAsInt() + " " + m.uidl(r));
        }
        List<String> lines = new ArrayList<>(m.liveCount());
        for (int i = 1; i <= m.size(); i++) {
            if (!m.isDeleted(i)) {
                lines.add(i + " " + m.uidl(m.messageIncludingDeleted(i)));
            }
        }
        return new Pop3Response.MultiLine(Status.ok(""), lines);
    }

    /** RFC 1939 §5 RETR: the whole message, as stored, byte-stuffed. */
    Pop3Response.Message retr(Maildrop m, int number) throws Pop3CommandFailed {
        MessageRecord r = m.message(number);
        return new Pop3Response.Message(Status.ok(m.octets(number) + " octets"), content(r), OptionalInt.empty());
    }

    /** RFC 1939 §7 TOP: the headers, the blank line and the first {@code lines} body lines. */
    Pop3Response.Message top(Maildrop m, int number, int lines) throws Pop3CommandFailed {
        MessageRecord r = m.message(number);
        return new Pop3Response.Message(Status.ok(""), content(r), OptionalInt.of(lines));
    }

    /** RFC 1939 §5 DELE: marks only; nothing leaves the store before QUIT. */
    Status dele(Maildrop m, int number) throws Pop3CommandFailed {
        m.markDeleted(number);
        return Status.ok("message " + number + " deleted");
    }

    /** RFC 1939 §5 RSET: unmarks every message. */
    Status rset(Maildrop m) {
        m.unmarkAll();
        return Status.ok("maildrop has " + m.liveCount() + " messages (" + m.liveOctets() + " octets)");
    }

    /**
     * RFC 1939 §6: removes the marked messages through the store, which records the expunge in
     * the change log (IMAP sessions on the INBOX see it), then releases the maildrop.
     */
    Status expunge(Maildrop m) {
        List<Long> uids = m.markedUids();
        try {
            if (!uids.isEmpty()) {
                if (!m.lockStillHeld()) {
                    // The lease expired (this process stalled) and may be another session's now.
                    LOG.atWarn().addKeyValue("account", m.account()).log("maildrop lock lost before QUIT");
                    return Status.err(ResponseCode.IN_USE, "maildrop lock lost; no messages removed");
                }
                mailboxes.expunge(m.inbox().id(), uids);
            }
            return Status.ok("Facteur POP3 server signing off (" + m.liveCount() + " messages left)");
        } catch (StoreException e) {
            LOG.atError().addKeyValue("account", m.account()).setCause(e).log("expunge at QUIT failed");
            // RFC 1939 §6: "-ERR some deleted messages not removed"
            return Status.err(ResponseCode.SYS_TEMP, "some deleted messages not removed");
        } finally {
            m.release();
        }
    }

    private Pop3Response.Content content(MessageRecord r) {
        return () -> {
            try {
                return blobs.open(r.blob());
            } catch (IOException | StoreException e) {
                throw new MessageUnavailable(e);
            }
        };
    }

    /** The message's bytes could not be opened; nothing has been written for it yet. */
    static final class MessageUnavailable extends IOException {
        MessageUnavailable(Exception cause) {
            super("message bytes unavailable", cause);
        }
    }
}
