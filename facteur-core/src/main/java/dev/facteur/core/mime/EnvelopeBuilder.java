package dev.facteur.core.mime;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Builds the ENVELOPE of a message from its top-level header fields (RFC 9051 §7.5.2). */
final class EnvelopeBuilder {

    private EnvelopeBuilder() {}

    static Envelope build(List<HeaderField> fields) {
        List<Address> from = addresses(fields, "From");
        List<Address> sender = addresses(fields, "Sender");
        List<Address> replyTo = addresses(fields, "Reply-To");
        return new Envelope(value(fields, "Date"), value(fields, "Subject"), from,
                // RFC 9051 §7.5.2: the server sets sender and reply-to to from when absent
                sender.isEmpty() ? from : sender,
                replyTo.isEmpty() ? from : replyTo,
                addresses(fields, "To"), addresses(fields, "Cc"), addresses(fields, "Bcc"),
                value(fields, "In-Reply-To"), value(fields, "Message-ID"));
    }

    private static List<Address> addresses(List<HeaderField> fields, String name) {
        return AddressListParser.parse(value(fields, name));
    }

    private static @Nullable String value(List<HeaderField> fields, String name) {
        HeaderField f = HeaderField.first(fields, name);
        return f == null ? null : f.value();
    }
}
