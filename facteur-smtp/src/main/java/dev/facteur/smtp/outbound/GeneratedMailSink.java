package dev.facteur.smtp.outbound;

import dev.facteur.store.Delivery;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import dev.facteur.store.StagedBlob;
import dev.facteur.store.Store;
import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Where mail that delivery generates (DSNs) goes. It is sent from the null reverse path (RFC 5321
 * §4.5.5) so it can never cause another notification. The server wires local delivery for its own
 * domains in front of {@link #queue}.
 */
@FunctionalInterface
public interface GeneratedMailSink {

    /** Hands over {@code message} for {@code recipient}; durable on return. */
    void submit(String recipient, byte[] message, boolean smtpUtf8) throws IOException;

    /** Puts generated mail in the outbound queue like any other message: bytes and queue row in one commit. */
    static GeneratedMailSink queue(Store store, InstantSource clock) {
        return (recipient, message, utf8) -> {
            boolean eightBit = false;
            for (byte b : message) {
                if (b < 0) {
                    eightBit = true;
                    break;
                }
            }
            StagedBlob blob = StagedBlob.of(message);
            // RFC 3461 §6.2 / RFC 5321 §4.5.5: notifications use the null reverse path; NOTIFY=NEVER on their recipients.
            store.deliver(Delivery.toQueue(blob, new OutboundMessage(Optional.empty(),
                    List.of(new OutboundRecipient(recipient, Optional.of("NEVER"), Optional.empty())), blob.id(),
                    message.length, Optional.empty(), Optional.empty(), utf8, eightBit, false, clock.instant())));
        };
    }
}
