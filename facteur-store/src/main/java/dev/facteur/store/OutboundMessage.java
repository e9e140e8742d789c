package dev.facteur.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A message to deliver remotely, with its envelope and DSN parameters (RFC 3461).
 *
 * @param sender the envelope sender; empty for the null reverse-path {@code <>}
 * @param ret RFC 3461 RET (FULL or HDRS), if given
 * @param envId RFC 3461 ENVID, if given
 * @param requireTls RFC 8689 REQUIRETLS was requested
 */
public record OutboundMessage(Optional<String> sender, List<OutboundRecipient> recipients, BlobId blob,
                              long size, Optional<String> ret, Optional<String> envId, boolean smtpUtf8,
                              boolean eightBit, boolean requireTls, Instant queuedAt) {
    public OutboundMessage {
        recipients = List.copyOf(recipients);
    }
}
