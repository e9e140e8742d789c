package dev.facteur.server.reports;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.store.Account;
import dev.facteur.store.Mailbox;
import dev.facteur.store.MessageRecord;
import dev.facteur.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the aggregate reports (RFC 9990 §5) that arrive in the INBOX of the configured report
 * account and stores them. Each message is read once: the highest UID read is kept in the store's
 * settings. Messages are bounded in size before parsing; the parser refuses DTDs, entities and
 * decompression bombs.
 */
final class ReportInbox {
    private static final Logger LOG = LoggerFactory.getLogger(ReportInbox.class);
    /** Larger report mails are not read (compressed reports are small; a day of a big receiver is a few MB). */
    static final long MAX_MESSAGE_OCTETS = 20L * 1024 * 1024;

    /** What one pass did. */
    record Pass(int messages, int stored, int duplicates, int unreadable) {
    }

    private final Store store;
    private final EmailAddress address;
    private final InstantSource clock;

    ReportInbox(Store store, EmailAddress address, InstantSource clock) {
        this.store = store;
        this.address = address;
        this.clock = clock;
    }

    Pass ingestNew() {
        Optional<Account> account = store.directory().findAccount(address);
        Optional<Mailbox> inbox = account.flatMap(a -> store.mailboxes().find(a.id(), "INBOX"));
        if (inbox.isEmpty()) {
            LOG.atWarn().addKeyValue("address", address).log("the report ingest address has no local INBOX");
            return new Pass(0, 0, 0, 0);
        }
        Mailbox box = inbox.get();
        String key = "reports.ingest." + box.id() + "." + box.uidValidity();
        long last = store.settings().get(key).map(Long::parseLong).orElse(0L);
        int messages = 0;
        int stored = 0;
        int duplicates = 0;
        int unreadable = 0;
        long highest = last;
        for (MessageRecord m : store.mailboxes().messages(box.id())) {
            if (m.uid() <= last) {
                continue;
            }
            messages++;
            highest = Math.max(highest, m.uid());
            ReportImport.Result r = read(m);
            stored += r.stored();
            duplicates += r.duplicates();
            unreadable += r.unreadable();
            if (r.unreadable() > 0) {
                LOG.atInfo().addKeyValue("uid", m.uid()).addKeyValue("cause", r.cause()).log("not a readable DMARC report");
            }
        }
        if (highest > last) {
            store.settings().put(key, Long.toString(highest));
        }
        return new Pass(messages, stored, duplicates, unreadable);
    }

    private ReportImport.Result read(MessageRecord m) {
        if (m.size() > MAX_MESSAGE_OCTETS) {
            return new ReportImport.Result(0, 0, 1, "message larger than " + MAX_MESSAGE_OCTETS + " octets");
        }
        try (InputStream in = store.blobs().open(m.blob())) {
            return ReportImport.importMessage(store.reports(), in.readNBytes((int) MAX_MESSAGE_OCTETS), clock.instant());
        } catch (IOException e) {
            return new ReportImport.Result(0, 0, 1, "cannot read the message");
        }
    }
}
