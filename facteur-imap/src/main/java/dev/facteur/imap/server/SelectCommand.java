package dev.facteur.imap.server;

import dev.facteur.imap.proto.Command;
import dev.facteur.imap.proto.ImapResponse;
import dev.facteur.imap.proto.SequenceSet;
import dev.facteur.imap.proto.Value;
import dev.facteur.store.Account;
import dev.facteur.store.Flags;
import dev.facteur.store.Mailbox;
import dev.facteur.store.MessageRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** SELECT and EXAMINE (RFC 9051 §6.3.2, §6.3.3) with CONDSTORE and QRESYNC (RFC 7162 §3.2.5). */
final class SelectCommand {

    private static final List<String> SYSTEM_FLAGS =
            List.of(Flags.ANSWERED, Flags.FLAGGED, Flags.DELETED, Flags.SEEN, Flags.DRAFT);

    private final SessionContext ctx;
    private final MailboxCommands mailboxes;

    SelectCommand(SessionContext ctx, MailboxCommands mailboxes) {
        this.ctx = ctx;
        this.mailboxes = mailboxes;
    }

    /** Opens the mailbox and writes the untagged data; the caller switches state. */
    MailboxView open(Account account, Command.Select cmd) throws CommandFailure {
        if (cmd.qresync().isPresent() && !ctx.qresync()) {
            throw CommandFailure.bad("QRESYNC is not enabled"); // RFC 7162 §3.2.5
        }
        if (cmd.condstore()) {
            ctx.enable("CONDSTORE"); // RFC 7162 §3.1.8
        }
        Mailbox mb = mailboxes.find(account, cmd.mailbox());
        // UIDs, MODSEQs and flags only: rows are read when a command needs more of them
        MailboxView view = MailboxView.open(ctx.store.mailboxes(), mb, ctx.localChanges);
        TreeSet<String> keywords = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        long firstUnseen = 0;
        Flags previous = null;
        for (int seq = 1; seq <= view.size(); seq++) {
            Flags flags = view.flagsAt(seq);
            if (flags != previous) { // equal flag sets are one instance: look at each set once in a row
                for (String f : flags.values()) {
                    if (!f.startsWith("\\")) {
                        keywords.add(f);
                    }
                }
                previous = flags;
            }
            if (firstUnseen == 0 && !flags.contains(Flags.SEEN)) {
                firstUnseen = seq;
            }
        }
        view.announce(keywords);
        ctx.takeRecent(view, cmd.readOnly());
        ctx.untagged(Value.num(view.size()), Value.atom("EXISTS"));
        if (!ctx.rev2()) {
            ctx.untagged(Value.num(view.recentCount()), Value.atom("RECENT")); // RFC 3501 §6.3.1; IMAP4rev2 dropped it
            if (firstUnseen > 0) {
                ok("UNSEEN " + firstUnseen, "first unseen");
            }
        }
        ok("UIDVALIDITY " + mb.uidValidity(), "UIDs valid");
        ok("UIDNEXT " + mb.uidNext(), "predicted next UID");
        flagsAndPermanent(ctx, view, cmd.readOnly());
        if (ctx.condstore()) {
            ok("HIGHESTMODSEQ " + mb.highestModSeq(), "highest"); // RFC 7162 §3.1.2.1
        }
        ok("MAILBOXID (" + MailboxCommands.mailboxId(mb) + ")", "ok"); // RFC 8474 §4.1
        cmd.qresync().ifPresent(q -> resync(view, q, cmd.readOnly()));
        return view;
    }

    /** RFC 9051 §7.3.5 FLAGS and §7.1 PERMANENTFLAGS: the system flags and the keywords announced so far. */
    static void flagsAndPermanent(SessionContext ctx, MailboxView view, boolean readOnly) {
        List<Value> flags = new ArrayList<>();
        SYSTEM_FLAGS.forEach(f -> flags.add(Value.atom(f)));
        view.announcedKeywords().forEach(k -> flags.add(Value.atom(k)));
        ctx.untagged(Value.atom("FLAGS"), Value.list(flags));
        List<Value> permanent = new ArrayList<>(flags);
        permanent.add(Value.atom("\\*"));
        String permanentCode = readOnly ? "PERMANENTFLAGS ()" : "PERMANENTFLAGS " + render(permanent);
        ctx.untagged(new ImapResponse.Condition(ImapResponse.Status.OK, Optional.of(permanentCode),
                readOnly ? "read-only" : "flags permitted"));
    }

    /** Announces keywords in {@code flags} the client has not seen in FLAGS yet, before they are used. */
    static void announceNew(SessionContext ctx, MailboxView view, Flags flags, boolean readOnly) {
        if (view.announce(flags.values())) {
            flagsAndPermanent(ctx, view, readOnly);
        }
    }

    private void ok(String code, String text) {
        ctx.untagged(new ImapResponse.Condition(ImapResponse.Status.OK, Optional.of(code), text));
    }

    private static String render(List<Value> flags) {
        StringBuilder b = new StringBuilder("(");
        for (Value v : flags) {
            if (b.length() > 1) {
                b.append(' ');
            }
            b.append(((Value.Atom) v).text());
        }
        return b.append(')').toString();
    }

    /** RFC 7162 §3.2.5.1: what changed since the client's MODSEQ, if its UIDVALIDITY still holds. */
    private void resync(MailboxView view, Command.Qresync q, boolean readOnly) {
        if (q.uidValidity() != view.mailbox().uidValidity()) {
            return;
        }
        long max = Math.max(view.maxUid(), 1);
        List<Long> gone = new ArrayList<>();
        for (long uid : ctx.store.mailboxes().expungedSince(view.mailboxId(), q.modSeq())) {
            Optional<SequenceSet> known = q.knownUids();
            if (known.isEmpty() || known.get().contains(uid, Math.max(uid, max))) {
                gone.add(uid);
            }
        }
        if (!gone.isEmpty()) {
            ctx.untagged(Value.atom("VANISHED"), Value.atom("(EARLIER)"), Value.atom(UidSets.format(gone)));
        }
        for (MessageRecord r : ctx.store.mailboxes().changedSince(view.mailboxId(), q.modSeq())) {
            int seq = view.seqOf(r.uid());
            if (seq > 0) {
                announceNew(ctx, view, r.flags(), readOnly);
                ctx.untagged(Value.num(seq), Value.atom("FETCH"), Value.list(Value.atom("UID"), Value.num(r.uid()),
                        Value.atom("FLAGS"), FetchResponder.flags(r.flags(), view.isRecent(r.uid())),
                        Value.atom("MODSEQ"), Value.list(Value.num(r.modSeq()))));
            }
        }
    }
}
