package dev.facteur.server.reports;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.store.BlobId;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import dev.facteur.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** Hands a composed report message to the outbound queue, from the reporting address. */
final class ReportMailer {
    private final Store store;
    private final InstantSource clock;

    ReportMailer(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Queues {@code message} (7-bit, already composed) for {@code recipient}; durable on return. */
    void send(EmailAddress from, String recipient, byte[] message) {
        try {
            BlobId blob = store.blobs().put(message);
            // RFC 3461 §4.1: report mail asks no success DSN; failures go back to the reporting address.
            store.queue().enqueue(new OutboundMessage(Optional.of(from.toString()),
                    List.of(new OutboundRecipient(recipient, Optional.of("FAILURE"), Optional.empty())), blob,
                    message.length, Optional.of("HDRS"), Optional.empty(), false, false, false, clock.instant()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the report message", e);
        }
    }
}
