package dev.facteur.server;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.mime.MessageSummaries;
import dev.facteur.core.mime.MessageSummary;
import dev.facteur.smtp.outbound.GeneratedMailSink;
import dev.facteur.store.Delivery;
import dev.facteur.store.Mailbox;
import dev.facteur.store.NewMessage;
import dev.facteur.store.Resolution;
import dev.facteur.store.StagedBlob;
import dev.facteur.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where mail the server generates (DSNs, reports) goes: straight into the INBOX of a local
 * recipient, through the outbound queue otherwise. Generated mail always has the null reverse
 * path (RFC 5321 §4.5.5), so its Return-Path is {@code <>}.
 */
final class LocalFirstMailSink implements GeneratedMailSink {
    private static final byte[] NULL_RETURN_PATH = "Return-Path: <>\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Store store;
    private final GeneratedMailSink remote;
    private final InstantSource clock;

    LocalFirstMailSink(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
        this.remote = GeneratedMailSink.queue(store, clock);
    }

    @Override
    public void submit(String recipient, byte[] message, boolean smtpUtf8) throws IOException {
        Optional<Resolution> resolution;
        try {
            resolution = store.directory().resolve(EmailAddress.parse(recipient));
        } catch (IllegalArgumentException e) {
            resolution = Optional.empty();
        }
        if (resolution.isEmpty()) {
            remote.submit(recipient, message, smtpUtf8);
            return;
        }
        switch (resolution.get()) {
            case Resolution.Unknown u -> throw new IOException("no local mailbox for " + recipient);
            case Resolution.Deliver d -> {
                deliverLocally(d.local(), message);
                for (EmailAddress external : d.external()) {
                    remote.submit(external.toString(), message, smtpUtf8);
                }
            }
        }
    }

    private void deliverLocally(List<Resolution.LocalTarget> targets, byte[] message) throws IOException {
        if (targets.isEmpty()) {
            return;
        }
        byte[] bytes = new byte[NULL_RETURN_PATH.length + message.length];
        System.arraycopy(NULL_RETURN_PATH, 0, bytes, 0, NULL_RETURN_PATH.length);
        System.arraycopy(message, 0, bytes, NULL_RETURN_PATH.length, message.length);
        StagedBlob blob = StagedBlob.of(bytes);
        MessageSummary summary = MessageSummaries.derive(bytes);
        byte[] encoded = MessageSummaries.encode(summary);
        List<Map.Entry<Long, NewMessage>> deliveries = new ArrayList<>();
        NewMessage record = NewMessage.received(blob.id(), bytes, clock.instant(), encoded, summary.threadKey(),
                summary.body().bodyStart());
        for (Resolution.LocalTarget t : targets) {
            Mailbox inbox = store.mailboxes().find(t.account().id(), Mailbox.INBOX)
                    .orElseThrow(() -> new IOException("account " + t.account().address() + " has no INBOX"));
            deliveries.add(Map.entry(inbox.id(), record));
        }
        store.deliver(Delivery.toMailboxes(blob, deliveries)); // bytes and rows in one commit
    }
}
