package dev.facteur.smtp.outbound;

import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds delivery status notifications (RFC 3464): a {@code multipart/report} (RFC 6522) with a
 * human-readable part, a {@code message/delivery-status} part and the original message or its
 * headers (RFC 3461 §4.3 RET). Internationalised messages get the RFC 6533 global types.
 */
public final class DsnBuilder {

    /** Past this size the original is returned as headers only, whatever RET says. */
    static final long MAX_RETURNED = 10L * 1024 * 1024;

    /** RFC 3464 §2.3.3 Action values. */
    public enum Action { FAILED, DELAYED, DELIVERED, RELAYED, EXPANDED }

    /** One recipient's line in the report. */
    public record Entry(OutboundRecipient recipient, Action action, String status, Optional<String> remoteMta,
                        String diagnostic) {
    }

    private final String hostname;

    public DsnBuilder(String hostname) {
        this.hostname = hostname;
    }

    /**
     * The DSN message bytes for {@code original} (sent with the null reverse path to its sender).
     *
     * @param originalBytes the queued message, for RET
     * @param willRetryUntil for delayed notices, when we give up (RFC 3464 §2.3.9)
     */
    public byte[] build(OutboundMessage original, byte[] originalBytes, List<Entry> entries, Instant now,
                        Optional<Instant> willRetryUntil) {
        if (original.sender().isEmpty()) {
            throw new IllegalArgumentException("RFC 3461 §6.2: never a DSN to the null reverse path");
        }
        String boundary = "dsn-" + UUID.randomUUID();
        boolean global = original.smtpUtf8();
        Action main = entries.getFirst().action();
        StringBuilder b = new StringBuilder();
        header(b, "From", "Mail Delivery System <MAILER-DAEMON@" + hostname + ">");
        header(b, "To", "<" + original.sender().get() + ">");
        header(b, "Subject", subject(main));
        header(b, "Date", date(now));
        header(b, "Message-ID", "<" + UUID.randomUUID() + "@" + hostname + ">");
        // RFC 3834 §5: automatic replies say so, so that no one auto-replies to them.
        header(b, "Auto-Submitted", "auto-replied");
        header(b, "MIME-Version", "1.0");
        // RFC 6522 §3: multipart/report with report-type.
        header(b, "Content-Type", "multipart/report; report-type=delivery-status;\r\n\tboundary=\"" + boundary + "\"");
        b.append("\r\n").append("This is a delivery status notification (RFC 3464).\r\n\r\n");
        b.append("--").append(boundary).append("\r\n");
        header(b, "Content-Type", "text/plain; charset=utf-8");
        header(b, "Content-Transfer-Encoding", "8bit");
        b.append("\r\n").append(humanText(entries, willRetryUntil)).append("\r\n");
        b.append("--").append(boundary).append("\r\n");
        // RFC 6533 §6.1: message/global-delivery-status for internationalised messages.
        header(b, "Content-Type", global ? "message/global-delivery-status" : "message/delivery-status");
        b.append("\r\n").append(statusFields(original, entries, now, willRetryUntil));
        b.append("--").append(boundary).append("\r\n");
        boolean full = wantsFull(original, originalBytes);
        header(b, "Content-Type", full ? (global ? "message/global" : "message/rfc822")
                : (global ? "message/global-headers" : "text/rfc822-headers"));
        b.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length() + originalBytes.length + 256);
        out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(full ? originalBytes : headersOf(originalBytes));
        if (!endsWithCrlf(out.toByteArray())) {
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String subject(Action a) {
        return switch (a) {
            case FAILED -> "Undelivered Mail Returned to Sender";
            case DELAYED -> "Delayed Mail (still being retried)";
            case DELIVERED -> "Successful Mail Delivery Report";
            case RELAYED -> "Mail Relayed to a Server Without Delivery Notifications";
            case EXPANDED -> "Mail Delivery Report (expanded)";
        };
    }

    private static String humanText(List<Entry> entries, Optional<Instant> until) {
        StringBuilder t = new StringBuilder();
        for (Entry e : entries) {
            t.append(switch (e.action()) {
                case FAILED -> "Your message could not be delivered to ";
                case DELAYED -> "Your message has not yet been delivered to ";
                case DELIVERED -> "Your message was delivered to ";
                case RELAYED -> "Your message was relayed, without further notifications, to ";
                case EXPANDED -> "Your message was forwarded to ";
            }).append('<').append(printable(e.recipient().address())).append(">.\r\n");
            t.append("  ").append(printable(e.diagnostic())).append("\r\n");
        }
        until.ifPresent(u -> t.append("\r\nDelivery will be retried until ").append(date(u)).append(".\r\n"));
        return t.toString();
    }

    private String statusFields(OutboundMessage m, List<Entry> entries, Instant now, Optional<Instant> until) {
        StringBuilder s = new StringBuilder();
        // RFC 3464 §2.2: per-message fields.
        field(s, "Reporting-MTA", "dns; " + hostname);
        m.envId().ifPresent(id -> field(s, "Original-Envelope-Id", printable(id)));
        field(s, "Arrival-Date", date(m.queuedAt()));
        for (Entry e : entries) {
            s.append("\r\n");
            // RFC 3464 §2.3: per-recipient fields.
            e.recipient().orcpt().ifPresent(o -> field(s, "Original-Recipient", printable(o)));
            field(s, "Final-Recipient", (m.smtpUtf8() ? "utf-8; " : "rfc822; ") + printableAddress(e.recipient().address(), m.smtpUtf8()));
            field(s, "Action", e.action().name().toLowerCase(Locale.ROOT));
            field(s, "Status", e.status());
            e.remoteMta().ifPresent(r -> field(s, "Remote-MTA", "dns; " + printable(r)));
            if (!e.diagnostic().isEmpty() && e.action() != Action.DELIVERED) {
                field(s, "Diagnostic-Code", "smtp; " + printable(e.diagnostic()));
            }
            field(s, "Last-Attempt-Date", date(now));
            if (e.action() == Action.DELAYED) {
                until.ifPresent(u -> field(s, "Will-Retry-Until", date(u)));
            }
        }
        s.append("\r\n");
        return s.toString();
    }

    private static boolean wantsFull(OutboundMessage m, byte[] bytes) {
        // RFC 3461 §4.3: RET=HDRS asks for headers only; without RET we return the full message if small enough.
        boolean hdrs = m.ret().map(r -> r.equalsIgnoreCase("HDRS")).orElse(false);
        return !hdrs && bytes.length <= MAX_RETURNED;
    }

    /** The header section of a message: everything up to and including the first empty line. */
    static byte[] headersOf(byte[] message) {
        for (int i = 0; i + 3 < message.length; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                return java.util.Arrays.copyOf(message, i + 2);
            }
        }
        return message.clone();
    }

    private static boolean endsWithCrlf(byte[] b) {
        return b.length >= 2 && b[b.length - 2] == '\r' && b[b.length - 1] == '\n';
    }

    private static void header(StringBuilder b, String name, String value) {
        b.append(name).append(": ").append(value).append("\r\n");
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append(name).append(": ").append(value).append("\r\n");
    }

    /** RFC 5322 §3.3 date-time. */
    static String date(Instant t) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
    }

    /** Keeps text to one line of printable ASCII: a remote reply can never inject a field. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 600));
        for (int i = 0; i < s.length() && b.length() < 600; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c > 0x7e ? '?' : c);
        }
        return b.toString();
    }

    private static String printableAddress(String address, boolean utf8) {
        if (!utf8) {
            return printable(address);
        }
        // RFC 6533 §3: utf-8 address type carries UTF-8 as is; controls still removed.
        return address.codePoints().filter(c -> c >= 0x20 && c != 0x7f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
