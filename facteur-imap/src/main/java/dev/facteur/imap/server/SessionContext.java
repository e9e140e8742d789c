package dev.facteur.imap.server;

import dev.facteur.imap.proto.ImapResponse;
import dev.facteur.imap.proto.MailboxNames;
import dev.facteur.imap.proto.ResponseWriter;
import dev.facteur.imap.proto.Value;
import dev.facteur.store.Mailbox;
import dev.facteur.store.Store;
import java.io.IOException;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What command handlers share within one session: the store, the output, enabled extensions. */
final class SessionContext {

    final Store store;
    final ImapServerSettings settings;
    final InstantSource clock;
    final RecentClaims recent;
    final LocalChanges localChanges;
    final ResponseWriter out = new ResponseWriter();
    private final Set<String> enabled = new HashSet<>();
    private final OutputFlusher flusher;

    /** Writes buffered output to the client when a large response has accumulated. */
    interface OutputFlusher {
        void flush(ResponseWriter out) throws IOException;
    }

    SessionContext(ImapServices services, OutputFlusher flusher) {
        this.store = services.store();
        this.settings = services.settings();
        this.clock = services.clock();
        this.recent = services.recent();
        this.localChanges = services.localChanges();
        this.flusher = flusher;
    }

    /**
     * RFC 3501 §2.3.2 \Recent, IMAP4rev1 sessions only: marks in the view the messages no session
     * has seen yet; a read-write session claims them (EXAMINE leaves them recent for the next one).
     */
    void takeRecent(MailboxView view, boolean readOnly) {
        if (rev2()) {
            return;
        }
        long before = readOnly ? recent.claimedUpTo(view.mailboxId()) : recent.claim(view.mailboxId(), view.maxUid());
        view.markRecentAbove(before);
    }

    /** RFC 5161: records an enabled extension; returns true if it was not enabled before. */
    boolean enable(String capability) {
        boolean added = enabled.add(capability.toUpperCase(Locale.ROOT));
        if (capability.equalsIgnoreCase("QRESYNC")) {
            enabled.add("CONDSTORE"); // RFC 7162 §3.2.3: QRESYNC implies CONDSTORE
        }
        out.allowUtf8Quoted(utf8());
        return added;
    }

    /**
     * Enables CONDSTORE from a CONDSTORE-enabling command run in the selected state: the first time,
     * the server reports the mailbox's HIGHESTMODSEQ (RFC 7162 §3.1, §3.1.2.1).
     */
    void enableCondstore(MailboxView view) {
        if (enable("CONDSTORE")) {
            untagged(new ImapResponse.Condition(ImapResponse.Status.OK,
                    Optional.of("HIGHESTMODSEQ " + view.highestModSeq()), "highest"));
        }
    }

    boolean rev2() {
        return enabled.contains("IMAP4REV2");
    }

    /** RFC 6855 §3 UTF8=ACCEPT or IMAP4rev2: names and strings in UTF-8. */
    boolean utf8() {
        return rev2() || enabled.contains("UTF8=ACCEPT");
    }

    boolean condstore() {
        return enabled.contains("CONDSTORE");
    }

    boolean qresync() {
        return enabled.contains("QRESYNC");
    }

    void untagged(Value... values) {
        out.write(new ImapResponse.Data(List.of(values)));
    }

    void untagged(ImapResponse r) {
        out.write(r);
    }

    void flushIfLarge() throws IOException {
        if (out.size() > 256 * 1024) {
            flusher.flush(out);
        }
    }

    /** The stored name for a name sent by the client (modified UTF-7 unless UTF-8 is on). */
    String internalName(String wire) throws CommandFailure {
        String name = wire;
        if (!utf8()) {
            name = MailboxNames.decodeUtf7(wire)
                    // syntactically an astring, so not BAD: a name no mailbox can have (as Dovecot, RFC 5530 CANNOT)
                    .orElseThrow(() -> CommandFailure.no("CANNOT", "mailbox name is not valid modified UTF-7"));
        }
        if (name.equalsIgnoreCase(Mailbox.INBOX)) {
            return Mailbox.INBOX; // RFC 9051 §5.1: INBOX is case-insensitive
        }
        if (name.regionMatches(true, 0, "INBOX/", 0, 6)) {
            name = Mailbox.INBOX + name.substring(5);
        }
        if (name.isEmpty() || name.length() > 1000 || name.startsWith("/") || name.endsWith("/")
                || name.contains("//") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw CommandFailure.no("CANNOT", "invalid mailbox name");
        }
        return name;
    }

    /** A LIST pattern in stored form: decoded like a name, wildcards kept, no validity checks. */
    String internalPattern(String wire) throws CommandFailure {
        if (utf8()) {
            return wire;
        }
        // RFC 3501 §5.1.3: a pattern that is not valid modified UTF-7 is taken literally (it matches
        // nothing a modified UTF-7 name decodes to), as Dovecot does, rather than refused
        return MailboxNames.decodeUtf7(wire).orElse(wire);
    }

    String wireName(String internal) {
        return utf8() ? internal : MailboxNames.encodeUtf7(internal);
    }
}
