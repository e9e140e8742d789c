package dev.facteur.core.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one entry point that SMTP delivery and IMAP APPEND call when a message is stored:
 * {@code derive(raw)} parses once, {@code encode} gives the bytes for {@code NewMessage.summary}
 * and {@code NewMessage.threadKey}; {@code decode} reads {@code MessageRecord.summary} back.
 */
public final class MessageSummaries {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private MessageSummaries() {}

    /** Parses the message; never throws for malformed input (a broken message gets a plain summary). */
    public static MessageSummary derive(byte[] raw) {
        MimeTreeParser parser = new MimeTreeParser(raw);
        int bodyStart = MimeBytes.bodyStart(raw, 0, raw.length);
        List<HeaderField> fields = HeaderField.parse(raw, 0, bodyStart);
        BodyPart body = parser.entity(fields, 0, bodyStart, raw.length, false, 0);
        Envelope env = EnvelopeBuilder.build(fields);
        String subject = env.subject() == null ? "" : env.subject();
        String base = BaseSubject.of(subject);
        String messageId = firstId(env.messageId());
        String inReplyTo = firstId(env.inReplyTo());
        HeaderField refs = HeaderField.first(fields, "References");
        List<String> references = ids(refs == null ? null : refs.value());
        return new MessageSummary(raw.length, env, body, date(env.date()), base,
                sortKey(env.from()), sortKey(env.to()), sortKey(env.cc()),
                display(env.from()), display(env.to()), messageId, inReplyTo, references,
                threadKey(references, inReplyTo, messageId, base));
    }

    /** Serialises a summary for {@code NewMessage.summary}. */
    public static byte[] encode(MessageSummary summary) {
        return SummaryCodec.encode(summary);
    }

    /** Reads a summary written by {@link #encode}; IllegalArgumentException if it is not one. */
    public static MessageSummary decode(byte[] bytes) {
        return SummaryCodec.decode(bytes);
    }

    /**
     * The thread key: the first Message-ID of References (the thread's root), else In-Reply-To,
     * else the message's own Message-ID, else its base subject. A reply and its original share
     * it because the original's own id is the reply's root.
     */
    static String threadKey(List<String> references, @Nullable String inReplyTo,
                            @Nullable String messageId, String baseSubject) {
        if (!references.isEmpty()) {
            return references.getFirst();
        }
        if (inReplyTo != null) {
            return inReplyTo;
        }
        if (messageId != null) {
            return messageId;
        }
        return "subject:" + BaseSubject.key(baseSubject);
    }

    private static @Nullable Long date(@Nullable String value) {
        return value == null ? null : DateHeader.parse(value);
    }

    /**
     * RFC 5256 §3 (SORT FROM/TO/CC): the addr-mailbox of the first address. In the ENVELOPE form
     * (RFC 9051 §7.5.2) a group's start marker is the first address and its mailbox is the group
     * name, so "Cc: team: a@x;" sorts under "team", as Dovecot sorts it.
     */
    private static String sortKey(List<Address> list) {
        for (Address a : list) {
            if (a.mailbox() != null) {
                return a.mailbox().toLowerCase(Locale.ROOT);
            }
        }
        return "";
    }

    /**
     * RFC 5957 §2: the decoded display name of the first address, else its addr-spec; a group
     * (RFC 5322 §3.4) is shown by its name, as Dovecot does.
     */
    private static String display(List<Address> list) {
        for (Address a : list) {
            if (a.mailbox() == null) {
                continue; // a group's end marker
            }
            if (a.name() != null && !a.name().isBlank()) {
                return HeaderField.decode(a.name()).toLowerCase(Locale.ROOT);
            }
            if (a.isGroupMarker() || a.host() == null || a.host().isEmpty()) {
                return a.mailbox().toLowerCase(Locale.ROOT);
            }
            return (a.mailbox() + "@" + a.host()).toLowerCase(Locale.ROOT);
        }
        return "";
    }

    private static @Nullable String firstId(@Nullable String value) {
        List<String> ids = ids(value);
        return ids.isEmpty() ? null : ids.getFirst();
    }

    /** The {@code <...>} message ids in a header value, in order (RFC 5322 §3.6.4 msg-id). */
    static List<String> ids(@Nullable String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        int p = 0;
        while (out.size() < 1000) {
            int open = value.indexOf('<', p);
            if (open < 0) {
                break;
            }
            int close = value.indexOf('>', open + 1);
            if (close < 0) {
                break;
            }
            String id = WHITESPACE.matcher(value.substring(open, close + 1)).replaceAll("");
            if (id.length() > 2) {
                out.add(id);
            }
            p = close + 1;
        }
        return out;
    }
}
