package dev.facteur.imap.server;

import dev.facteur.core.mime.Address;
import dev.facteur.core.mime.HeaderField;
import dev.facteur.core.mime.MessageSummaries;
import dev.facteur.core.mime.MessageSummary;
import dev.facteur.core.mime.MessageText;
import dev.facteur.imap.proto.SearchKey;
import dev.facteur.store.BlobStore;
import dev.facteur.store.MessageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a search key against one message (RFC 9051 §6.4.4). Text keys match decoded text
 * (RFC 2047 headers, transfer-decoded bodies in their charset) case-insensitively; summary and
 * octets are loaded only when a key needs them.
 */
final class SearchEvaluator {

    /** Bound on the decoded body text a BODY or TEXT key examines per message. */
    private static final int MAX_BODY_CHARS = 4 * 1024 * 1024;

    private final MailboxView view;
    private final BlobStore blobs;
    private final Instant now;

    SearchEvaluator(MailboxView view, BlobStore blobs, Instant now) {
        this.view = view;
        this.blobs = blobs;
        this.now = now;
    }

    /**
     * Whether the message at {@code seq} matches. {@code row} is its stored row and {@code header}
     * its cached header octets (through the blank line); either may be absent when {@link #need}
     * says the key does not need it: a {@link Need#HEADER} key is answered from the cached header
     * when there is one, else from the row. Flags, MODSEQ and UID come from the view.
     */
    boolean matches(int seq, @Nullable MessageRecord row, byte @Nullable [] header, byte @Nullable [] raw, SearchKey key) {
        return eval(new Candidate(seq, view.uidAt(seq), row, header, raw), key);
    }

    /** What evaluating a key needs of a message beyond what the view holds, least first. */
    enum Need {
        /** Flags, UID, MODSEQ, sequence number: the view has them. */
        VIEW,
        /** The top-level header only: the cached header octets will do. */
        HEADER,
        /** The stored row (size, dates, ids, summary). */
        ROW,
        /** The row and the message octets (BODY, TEXT): the caller may read a chunk's octets together. */
        OCTETS;

        Need and(Need other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }

    /** What evaluating {@code key} needs: the most that any of its parts needs. */
    static Need need(SearchKey key) {
        return switch (key) {
            case SearchKey.All a -> Need.VIEW;
            case SearchKey.Flag f -> Need.VIEW;
            case SearchKey.Recent r -> Need.VIEW;
            case SearchKey.Sequence s -> Need.VIEW;
            case SearchKey.ModSeq m -> Need.VIEW;
            case SearchKey.SaveDateSupported s -> Need.VIEW;
            case SearchKey.Not n -> need(n.key());
            case SearchKey.Or o -> need(o.left()).and(need(o.right()));
            case SearchKey.And a -> a.keys().stream().map(SearchEvaluator::need).reduce(Need.VIEW, Need::and);
            // header(c, h) reads the envelope and the header fields, both derived from the header alone
            case SearchKey.Header h -> Need.HEADER;
            case SearchKey.Body b -> Need.OCTETS;
            case SearchKey.Text t -> Need.OCTETS;
            case SearchKey.Date d -> Need.ROW; // SENTON and friends too: they fall back to the internal date
            case SearchKey.Larger l -> Need.ROW;
            case SearchKey.Smaller s -> Need.ROW;
            case SearchKey.Within w -> Need.ROW;
            case SearchKey.ObjectId o -> Need.ROW;
        };
    }

    private final class Candidate {
        final int seq;
        final long uid;
        private final @Nullable MessageRecord row;
        MessageSummary summary;
        byte[] header;
        byte[] raw;

        Candidate(int seq, long uid, @Nullable MessageRecord row, byte @Nullable [] header, byte @Nullable [] raw) {
            this.seq = seq;
            this.uid = uid;
            this.row = row;
            this.header = header;
            this.raw = raw;
        }

        MessageRecord r() {
            if (row == null) {
                throw new IllegalStateException("the row of UID " + uid + " was not loaded");
            }
            return row;
        }

        /**
         * The stored summary; without a row, the one derived from the cached header, whose envelope
         * is the same (it is built from the top-level header fields only) and whose body starts
         * right after the header.
         */
        MessageSummary summary() {
            if (summary == null) {
                summary = fromCachedHeader() ? MessageSummaries.derive(header) : MessageSummaries.decode(r().summary());
            }
            return summary;
        }

        /** True when the message is known by its cached header only (no row was loaded). */
        boolean fromCachedHeader() {
            return row == null && header != null;
        }

        /** Where the top-level header ends in {@link #header()}. */
        int headerEnd() {
            byte[] head = header();
            return fromCachedHeader() ? head.length : (int) Math.min(head.length, summary().body().bodyStart());
        }

        /** The ENVELOPE subject, undecoded: that of the summary, or without a row the first Subject field. */
        @Nullable String subject() {
            if (fromCachedHeader() && summary == null) {
                // as the envelope takes it (RFC 9051 §7.5.2), without deriving a whole summary
                List<HeaderField> subjects = HeaderField.named(header(), 0, headerEnd(), "Subject");
                return subjects.isEmpty() ? null : subjects.getFirst().value();
            }
            return summary().envelope().subject();
        }

        byte[] header() {
            if (header == null) {
                if (raw != null) {
                    header = raw;
                } else {
                    try (InputStream in = blobs.open(r().blob())) {
                        header = in.readNBytes((int) summary().body().bodyStart());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return header;
        }

        byte[] raw() {
            if (raw == null) {
                try {
                    raw = blobs.read(r().blob());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return raw;
        }
    }

    private boolean eval(Candidate c, SearchKey key) {
        return switch (key) {
            case SearchKey.All a -> true;
            case SearchKey.Flag f -> view.flagsAt(c.seq).values().stream().anyMatch(x -> x.equalsIgnoreCase(f.flag())) == f.set();
            case SearchKey.Recent r -> view.isRecent(c.uid) == r.recent(); // RFC 3501 §2.3.2, per session
            case SearchKey.Header h -> header(c, h);
            case SearchKey.Body b -> contains(MessageText.searchableBody(c.raw(), c.summary().body(), MAX_BODY_CHARS), b.text());
            case SearchKey.Text t -> contains(MessageText.searchableHeader(c.raw(), c.summary().body()), t.text())
                    || contains(MessageText.searchableBody(c.raw(), c.summary().body(), MAX_BODY_CHARS), t.text());
            case SearchKey.Date d -> date(c, d);
            case SearchKey.Larger l -> c.r().size() > l.size();
            case SearchKey.Smaller s -> c.r().size() < s.size();
            case SearchKey.Sequence s -> s.uid()
                    ? s.set().savedResult() ? view.savedResult().contains(c.uid) : s.set().contains(c.uid, view.maxUid())
                    : s.set().savedResult() ? view.savedResult().contains(c.uid) : s.set().contains(c.seq, view.size());
            case SearchKey.ModSeq m -> view.modSeqAt(c.seq) >= m.modSeq();
            case SearchKey.Within w -> w.younger()
                    ? !c.r().internalDate().isBefore(now.minusSeconds(w.seconds()))
                    : c.r().internalDate().isBefore(now.minusSeconds(w.seconds()));
            case SearchKey.SaveDateSupported s -> true;
            case SearchKey.ObjectId o -> (o.thread() ? c.r().threadId() : c.r().emailId()).equals(o.id());
            case SearchKey.Not n -> !eval(c, n.key());
            case SearchKey.Or o -> eval(c, o.left()) || eval(c, o.right());
            case SearchKey.And a -> a.keys().stream().allMatch(k -> eval(c, k));
        };
    }

    private boolean header(Candidate c, SearchKey.Header h) {
        String field = h.field();
        String subject = field.equals("SUBJECT") ? c.subject() : null;
        if (subject != null) {
            return contains(HeaderField.decode(subject), h.value());
        }
        List<Address> addresses = switch (field.toUpperCase(Locale.ROOT)) {
            case "FROM" -> c.summary().envelope().from();
            case "TO" -> c.summary().envelope().to();
            case "CC" -> c.summary().envelope().cc();
            case "BCC" -> c.summary().envelope().bcc();
            default -> List.of();
        };
        // RFC 9051 §6.4.4 FROM/TO/CC/BCC: matched against the addresses as parsed too, without
        // comments and folding, so "<user (c)@ (c) domain.org>" is found as user@domain.org (as Dovecot)
        if (!addresses.isEmpty() && contains(addressText(addresses), h.value())) {
            return true;
        }
        for (HeaderField f : HeaderField.named(c.header(), 0, c.headerEnd(), field)) {
            // RFC 9051 §6.4.4 HEADER: the field exists and contains the string (empty matches any)
            if (contains(f.decodedValue(), h.value())) {
                return true;
            }
        }
        return false;
    }

    /** "Name <mailbox@host>, ..." with names RFC 2047-decoded; group markers left out. */
    private static String addressText(List<Address> addresses) {
        StringBuilder b = new StringBuilder();
        for (Address a : addresses) {
            if (a.isGroupMarker()) {
                continue;
            }
            if (!b.isEmpty()) {
                b.append(", ");
            }
            if (a.name() != null) {
                b.append(HeaderField.decode(a.name())).append(' ');
            }
            b.append('<').append(a.mailbox()).append('@').append(a.host()).append('>');
        }
        return b.toString();
    }

    private boolean date(Candidate c, SearchKey.Date d) {
        // RFC 9051 §6.4.4: dates compare "disregarding time and timezone": the day in the date's own zone
        LocalDate date = switch (d.field()) {
            case INTERNAL -> LocalDate.ofInstant(c.r().internalDate(), c.r().internalZone());
            case SAVED -> LocalDate.ofInstant(c.r().saveDate(), ZoneOffset.UTC);
            // without a usable Date header the internal date stands in
            case SENT -> c.summary().sentDateMillis() == null
                    ? LocalDate.ofInstant(c.r().internalDate(), c.r().internalZone())
                    : LocalDate.ofInstant(Instant.ofEpochMilli(c.summary().sentDateMillis()),
                            zoneOf(c.summary().envelope().date()));
        };
        return switch (d.op()) {
            case BEFORE -> date.isBefore(d.date());
            case ON -> date.isEqual(d.date());
            case SINCE -> !date.isBefore(d.date());
        };
    }

    private static final java.util.regex.Pattern NUMERIC_ZONE = java.util.regex.Pattern.compile("([+-])(\\d\\d)(\\d\\d)\\s*(\\(.*\\))?\\s*$");

    /** RFC 5322 §3.3: the zone a Date field is written in ({@code +hhmm}); UTC when absent or obsolete. */
    static ZoneOffset zoneOf(String dateField) {
        if (dateField == null) {
            return ZoneOffset.UTC;
        }
        java.util.regex.Matcher m = NUMERIC_ZONE.matcher(dateField.strip());
        if (!m.find()) {
            return ZoneOffset.UTC;
        }
        int hours = Integer.parseInt(m.group(2));
        int minutes = Integer.parseInt(m.group(3));
        int sign = m.group(1).equals("-") ? -1 : 1;
        try {
            return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        } catch (java.time.DateTimeException e) {
            return ZoneOffset.UTC; // out of range: treat like an unknown zone
        }
    }

    /** Case-insensitive substring match on Unicode text. */
    static boolean contains(String haystack, String needle) {
        if (needle.isEmpty()) {
            return true;
        }
        return haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }
}
