package dev.facteur.toolkit.analyze;

import dev.facteur.auth.message.HeaderField;
import dev.facteur.auth.message.MailMessage;
import dev.facteur.toolkit.report.Finding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a receiving filter objects to in the header and MIME structure (RFC 5322 §3.6, RFC 2045/2046). */
final class HeaderChecks {

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary\\s*=\\s*(\"([^\"]{1,200})\"|([^\\s;\"]{1,200}))");

    private HeaderChecks() {
    }

    static void run(MailMessage m, Instant now, Consumer<Finding> out) {
        // RFC 5322 §3.6: Date and From are required, once each; Message-ID should be present.
        List<HeaderField> from = m.headers("From");
        if (from.isEmpty()) {
            out.accept(Finding.error("headers", "missing-from", "The message has no From header, which RFC 5322 §3.6 requires; filters reject or junk it.",
                    "Add a From: header with the sender's address."));
        } else if (from.size() > 1) {
            out.accept(Finding.error("headers", "multiple-from", "The message has " + from.size() + " From headers; RFC 5322 §3.6 allows one and DMARC receivers reject such mail.",
                    "Send exactly one From: header."));
        }
        Optional<HeaderField> date = m.first("Date");
        if (date.isEmpty()) {
            out.accept(Finding.error("headers", "missing-date", "The message has no Date header, which RFC 5322 §3.6 requires; spam filters score it heavily.",
                    "Let the sending client or the submission server add Date: (Facteur's submission adds it)."));
        } else {
            Optional<Instant> d = ReceivedParser.date(date.get().value());
            if (d.isEmpty()) {
                out.accept(Finding.warn("headers", "bad-date", "The Date header \"" + dev.facteur.toolkit.report.Printable.of(date.get().value(), 60) + "\" is not an RFC 5322 §3.3 date.",
                        "Write dates like: Thu, 26 Nov 2026 19:42:41 +0000"));
            } else if (d.get().isAfter(now.plus(Duration.ofMinutes(15)))) {
                out.accept(Finding.warn("headers", "future-date", "The Date header is in the future (" + d.get() + "), which filters treat as a spam sign.",
                        "Fix the sending machine's clock (use NTP)."));
            }
        }
        if (m.first("Message-ID").isEmpty()) {
            out.accept(Finding.warn("headers", "missing-message-id", "The message has no Message-ID header (RFC 5322 §3.6.4 says it should), which several large providers penalise.",
                    "Let the submission server add Message-ID: <unique@your.domain>."));
        }
        for (HeaderField h : m.headers()) {
            byte[] raw = h.raw();
            for (byte b : raw) {
                if (b < 0) {
                    out.accept(Finding.warn("headers", "raw-8bit-header", "The " + dev.facteur.toolkit.report.Printable.of(h.name(), 40) + " header contains raw 8-bit octets; without SMTPUTF8 they must be encoded (RFC 2047).",
                            "Encode non-ASCII header text as =?UTF-8?B?...?= (RFC 2047)."));
                    return;
                }
            }
        }
        mime(m, out);
    }

    private static void mime(MailMessage m, Consumer<Finding> out) {
        Optional<HeaderField> ct = m.first("Content-Type");
        if (ct.isEmpty()) {
            return;
        }
        if (m.first("MIME-Version").isEmpty()) {
            // RFC 2045 §4: a MIME message carries MIME-Version: 1.0.
            out.accept(Finding.warn("mime", "missing-mime-version", "The message has a Content-Type but no MIME-Version header (RFC 2045 §4).",
                    "Add MIME-Version: 1.0."));
        }
        String type = ct.get().value().toLowerCase(Locale.ROOT);
        if (!type.startsWith("multipart/")) {
            return;
        }
        Matcher b = BOUNDARY.matcher(ct.get().value());
        if (!b.find()) {
            out.accept(Finding.error("mime", "mime-no-boundary", "The message is multipart but its Content-Type has no boundary parameter, so no part can be found (RFC 2046 §5.1.1).",
                    "Generate the message with a MIME library that sets boundary=."));
            return;
        }
        String boundary = b.group(2) != null ? b.group(2) : b.group(3);
        String body = new String(m.bytes(), m.bodyOffset(), Math.min(m.bodyLength(), 50 * 1024 * 1024), StandardCharsets.ISO_8859_1);
        if (!body.startsWith("--" + boundary) && !body.contains("\r\n--" + boundary)) {
            out.accept(Finding.error("mime", "mime-boundary-missing", "The multipart boundary \"" + dev.facteur.toolkit.report.Printable.of(boundary, 60) + "\" never occurs in the body, so the message has no readable parts.",
                    "Generate the message with a MIME library; do not edit multipart bodies by hand."));
        } else if (!body.contains("--" + boundary + "--")) {
            out.accept(Finding.warn("mime", "mime-unterminated", "The multipart body never closes with --" + dev.facteur.toolkit.report.Printable.of(boundary, 60) + "-- (RFC 2046 §5.1.1); the message looks truncated.",
                    "Send the whole message; check for a size limit cutting it."));
        } else {
            out.accept(Finding.ok("mime", "mime-structure", "The multipart structure is well formed."));
        }
    }
}
