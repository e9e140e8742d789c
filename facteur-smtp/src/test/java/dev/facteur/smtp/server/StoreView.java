package dev.facteur.smtp.server;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.store.ChangeEvent;
import dev.facteur.store.Mailbox;
import dev.facteur.store.MessageRecord;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.QueuedMessage;
import dev.facteur.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Reads back what the server stored, through the store's public interfaces. */
final class StoreView {
    private final Store store;

    StoreView(Store store) {
        this.store = store;
    }

    List<MessageRecord> records(EmailAddress address) {
        long account = store.directory().findAccount(address).orElseThrow().id();
        Mailbox inbox = store.mailboxes().find(account, Mailbox.INBOX).orElseThrow();
        return store.mailboxes().messages(inbox.id());
    }

    List<byte[]> inbox(EmailAddress address) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (MessageRecord r : records(address)) {
            out.add(store.blobs().read(r.blob()));
        }
        return out;
    }

    List<OutboundMessage> queued() {
        return store.queue().list(1000).stream().map(QueuedMessage::message).toList();
    }

    /** Collects the change events of one account from now on (they arrive on the bus thread). */
    BlockingQueue<ChangeEvent> events(EmailAddress address) {
        long account = store.directory().findAccount(address).orElseThrow().id();
        BlockingQueue<ChangeEvent> events = new LinkedBlockingQueue<>();
        store.changes().subscribe(account, events::add);
        return events;
    }
}
