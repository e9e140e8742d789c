package dev.facteur.server.reports;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.smtp.server.auth.DkimOutboundSigner;
import dev.facteur.store.Delivery;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import dev.facteur.store.StagedBlob;
import dev.facteur.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Hands a composed report message to the outbound queue, from the reporting address, DKIM-signed
 * with the reporting domain's stored keys when it has any (RSA and Ed25519, as submission signs).
 */
final class ReportMailer {
    private final Store store;
    private final InstantSource clock;
    private final DkimOutboundSigner signer;

    ReportMailer(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
        this.signer = DkimOutboundSigner.create(store.settings(), clock);
    }

    /** Queues {@code composed} (7-bit) for {@code recipient}, signed as the From domain; durable on return. */
    void send(EmailAddress from, String recipient, byte[] composed) {
        try {
            // RFC 7489 §7.2.1.1 (kept by RFC 9990) and RFC 8460 §5.3: report mail must pass DMARC / carry DKIM; sign as From's domain.
            byte[] message = signer.signAs(from.domain().name(), composed);
            StagedBlob blob = StagedBlob.of(message);
            // RFC 3461 §4.1: report mail asks no success DSN; failures go back to the reporting address.
            // The bytes and the queue row are committed together.
            store.deliver(Delivery.toQueue(blob, new OutboundMessage(Optional.of(from.toString()),
                    List.of(new OutboundRecipient(recipient, Optional.of("FAILURE"), Optional.empty())), blob.id(),
                    message.length, Optional.of("HDRS"), Optional.empty(), false, false, false, clock.instant())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the report message", e);
        }
    }
}
