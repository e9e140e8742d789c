package dev.facteur.imap.server;

import dev.facteur.imap.proto.Command;
import dev.facteur.imap.proto.ImapResponse;
import dev.facteur.imap.proto.Value;
import dev.facteur.store.ConflictException;
import dev.facteur.store.FlagChange;
import dev.facteur.store.FlagResult;
import dev.facteur.store.Flags;
import dev.facteur.store.Mailbox;
import dev.facteur.store.MessageRecord;
import dev.facteur.store.QuotaExceededException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** STORE, COPY, MOVE, EXPUNGE and CLOSE on the selected mailbox. */
final class MessageCommands {

    private final SessionContext ctx;

    MessageCommands(SessionContext ctx) {
        this.ctx = ctx;
    }

    ImapResponse store(SessionState.Selected sel, Command.Store cmd) throws CommandFailure {
        if (sel.readOnly()) {
            throw CommandFailure.no("READ-ONLY", "mailbox is read-only");
        }
        if (cmd.unchangedSince().isPresent()) {
            ctx.enableCondstore(sel.view()); // RFC 7162 §3.1: UNCHANGEDSINCE enables CONDSTORE
        }
        MailboxView view = sel.view();
        int[] seqs = view.resolve(cmd.set(), cmd.uid());
        Flags flags;
        try {
            flags = Flags.of(cmd.flags().stream().filter(f -> !f.equalsIgnoreCase("\\Recent")).toList());
        } catch (IllegalArgumentException e) {
            throw CommandFailure.bad("invalid flag");
        }
        List<Long> uids = new ArrayList<>(seqs.length);
        for (int seq : seqs) {
            uids.add(view.uidAt(seq));
        }
        FlagChange.Mode mode = switch (cmd.mode()) {
            case ADD -> FlagChange.Mode.ADD;
            case REMOVE -> FlagChange.Mode.REMOVE;
            case REPLACE -> FlagChange.Mode.REPLACE;
        };
        FlagResult result = uids.isEmpty() ? new FlagResult(List.of(), List.of())
                : ctx.store.mailboxes().changeFlags(view.mailboxId(), new FlagChange(uids, mode, flags, cmd.unchangedSince()));
        result.changed().forEach(view::update);
        if (!result.changed().isEmpty()) {
            view.ownFlagChange(ctx.localChanges.changed(view.mailboxId()));
        }
        java.util.Set<Long> changedUids = new java.util.HashSet<>(result.changed().stream().map(MessageRecord::uid).toList());
        java.util.Set<Long> refused = new java.util.HashSet<>(result.failedUnchangedSince());
        for (int seq : seqs) {
            long uid = view.uidAt(seq);
            boolean changed = changedUids.contains(uid);
            // RFC 7162 §3.1.3: with CONDSTORE, changed messages are reported even with .SILENT
            if ((!cmd.silent() && !refused.contains(uid)) || (cmd.silent() && changed && ctx.condstore())) {
                SelectCommand.announceNew(ctx, view, view.flagsAt(seq), sel.readOnly());
                ctx.untagged(Value.num(seq), Value.atom("FETCH"), Value.list(flagData(view, seq, cmd.uid(), cmd.silent())));
            }
        }
        if (!result.failedUnchangedSince().isEmpty()) {
            List<Long> failed = new ArrayList<>();
            for (long uid : result.failedUnchangedSince()) {
                failed.add(cmd.uid() ? uid : view.seqOf(uid));
            }
            // RFC 7162 §3.1.3: MODIFIED lists what was not stored
            return ImapResponse.ok(cmd.tag(), "MODIFIED " + UidSets.format(failed), "conditional STORE failed");
        }
        return ImapResponse.ok(cmd.tag(), "STORE completed");
    }

    /** FLAGS (and UID, MODSEQ when they apply) of the message at {@code seq}, for an untagged FETCH. */
    List<Value> flagData(MailboxView view, int seq, boolean withUid, boolean modSeqOnly) {
        List<Value> v = new ArrayList<>();
        long uid = view.uidAt(seq);
        if (withUid || ctx.qresync()) {
            v.add(Value.atom("UID")); // RFC 7162 §3.2.4: with QRESYNC, FETCH responses carry UID
            v.add(Value.num(uid));
        }
        if (!modSeqOnly) {
            v.add(Value.atom("FLAGS"));
            v.add(FetchResponder.flags(view.flagsAt(seq), view.isRecent(uid)));
        }
        if (ctx.condstore()) {
            v.add(Value.atom("MODSEQ"));
            v.add(Value.list(Value.num(view.modSeqAt(seq))));
        }
        return v;
    }

    ImapResponse copy(SessionState.Selected sel, Command.Copy cmd) throws CommandFailure {
        MailboxView view = sel.view();
        if (cmd.move() && sel.readOnly()) {
            throw CommandFailure.no("READ-ONLY", "mailbox is read-only");
        }
        Mailbox target = ctx.store.mailboxes().find(sel.account().id(), ctx.internalName(cmd.mailbox()))
                .orElseThrow(() -> CommandFailure.no("TRYCREATE", "no such mailbox")); // RFC 9051 §6.4.7
        int[] seqs = view.resolve(cmd.set(), cmd.uid());
        List<Long> uids = new ArrayList<>(seqs.length);
        for (int seq : seqs) {
            uids.add(view.uidAt(seq));
        }
        String verb = cmd.move() ? "MOVE" : "COPY";
        if (uids.isEmpty()) {
            return ImapResponse.ok(cmd.tag(), verb + " completed, nothing to do");
        }
        Map<Long, Long> mapping;
        try {
            if (cmd.move() && target.id() == view.mailboxId()) {
                // RFC 6851 §3.3: a MOVE within the mailbox gives the messages new UIDs (a copy, then an expunge)
                mapping = ctx.store.mailboxes().copy(view.mailboxId(), uids, target.id());
                ctx.store.mailboxes().expunge(view.mailboxId(), List.copyOf(mapping.keySet()));
            } else {
                mapping = cmd.move() ? ctx.store.mailboxes().move(view.mailboxId(), uids, target.id())
                        : ctx.store.mailboxes().copy(view.mailboxId(), uids, target.id());
            }
        } catch (QuotaExceededException e) {
            throw CommandFailure.no("OVERQUOTA", "the copy would exceed the quota"); // RFC 9208 §4.3
        } catch (ConflictException e) {
            throw CommandFailure.no("CANNOT", "the messages cannot be copied there");
        }
        ctx.localChanges.changed(target.id());
        if (cmd.move()) {
            ctx.localChanges.changed(view.mailboxId());
        }
        List<Long> src = new ArrayList<>(mapping.keySet()).stream().sorted().toList();
        List<Long> dst = src.stream().map(mapping::get).toList();
        // RFC 4315 §3 COPYUID uidvalidity source-uids dest-uids
        String copyUid = "COPYUID " + target.uidValidity() + " " + UidSets.ordered(src) + " " + UidSets.ordered(dst);
        if (!cmd.move()) {
            return ImapResponse.ok(cmd.tag(), copyUid, "COPY completed");
        }
        // RFC 6851 §4.3: COPYUID goes in an untagged OK before the expunges
        ctx.untagged(new ImapResponse.Condition(ImapResponse.Status.OK, Optional.of(copyUid), "moved"));
        reportExpunged(view, view.removeOwn(src));
        return ImapResponse.ok(cmd.tag(), "MOVE completed");
    }

    /** EXPUNGE and UID EXPUNGE (RFC 4315 §2.1): remove \Deleted messages, report each. */
    ImapResponse expunge(SessionState.Selected sel, Command.Expunge cmd) throws CommandFailure {
        if (sel.readOnly()) {
            throw CommandFailure.no("READ-ONLY", "mailbox is read-only");
        }
        List<Long> removed = expungeDeleted(sel.view(), cmd.uids().isPresent()
                ? sel.view().resolve(cmd.uids().get(), true) : null);
        reportExpunged(sel.view(), sel.view().removeOwn(removed));
        return ImapResponse.ok(cmd.tag(), "EXPUNGE completed");
    }

    /** Removes the \Deleted messages (among {@code seqs} when given); returns their UIDs. */
    List<Long> expungeDeleted(MailboxView view, int[] seqs) {
        List<Long> deleted = new ArrayList<>();
        if (seqs == null) {
            for (int seq = 1; seq <= view.size(); seq++) {
                if (view.flagsAt(seq).contains(Flags.DELETED)) {
                    deleted.add(view.uidAt(seq));
                }
            }
        } else {
            for (int seq : seqs) {
                if (view.flagsAt(seq).contains(Flags.DELETED)) {
                    deleted.add(view.uidAt(seq));
                }
            }
        }
        if (deleted.isEmpty()) {
            return List.of();
        }
        List<Long> removed = ctx.store.mailboxes().expunge(view.mailboxId(), deleted);
        ctx.localChanges.changed(view.mailboxId());
        return removed;
    }

    /** EXPUNGE per message, or one VANISHED when QRESYNC is enabled (RFC 7162 §3.2.10). */
    void reportExpunged(MailboxView view, List<MailboxView.Gone> gone) {
        if (gone.isEmpty()) {
            return;
        }
        if (ctx.qresync()) {
            ctx.untagged(Value.atom("VANISHED"), Value.atom(UidSets.format(gone.stream().map(MailboxView.Gone::uid).toList())));
            return;
        }
        for (MailboxView.Gone g : gone) {
            ctx.untagged(Value.num(g.seq()), Value.atom("EXPUNGE"));
        }
    }
}
