package dev.facteur.core.mime;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The IMAP ENVELOPE of a message (RFC 9051 §7.5.2): raw, unfolded header values.
 * Absent fields are null; absent address fields are empty lists (NIL on the wire).
 * RFC 9051 §7.5.2: sender and reply-to default to from when absent; that default is applied
 * here, at derivation.
 */
public record Envelope(@Nullable String date, @Nullable String subject, List<Address> from,
                       List<Address> sender, List<Address> replyTo, List<Address> to,
                       List<Address> cc, List<Address> bcc, @Nullable String inReplyTo,
                       @Nullable String messageId) {

    public Envelope {
        from = List.copyOf(from);
        sender = List.copyOf(sender);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }
}
