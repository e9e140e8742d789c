package dev.facteur.imap.server;

import dev.facteur.core.mime.BodyPart;
import dev.facteur.core.mime.MessageSummaries;
import dev.facteur.core.mime.MessageSummary;
import dev.facteur.core.mime.MessageText;
import dev.facteur.imap.proto.Command;
import dev.facteur.imap.proto.DateTimes;
import dev.facteur.imap.proto.FetchItem;
import dev.facteur.imap.proto.Section;
import dev.facteur.imap.proto.Value;
import dev.facteur.store.BlobId;
import dev.facteur.store.FlagChange;
import dev.facteur.store.FlagResult;
import dev.facteur.store.Flags;
import dev.facteur.store.MessageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/** FETCH (RFC 9051 §6.4.5): every data item, computed from the cached summary and stored octets. */
final class FetchResponder {

    /** Messages per round of header lookups and per bound on buffered output. */
    private static final int CHUNK = 256;

    private final SessionContext ctx;

    FetchResponder(SessionContext ctx) {
        this.ctx = ctx;
    }

    void fetch(SessionState.Selected sel, Command.Fetch cmd) throws CommandFailure, IOException {
        MailboxView view = sel.view();
        if (cmd.changedSince().isPresent() || cmd.items().stream().anyMatch(i -> i instanceof FetchItem.ModSeq)) {
            ctx.enableCondstore(view); // RFC 7162 §3.1: CHANGEDSINCE or FETCH MODSEQ enables CONDSTORE
        }
        int[] seqs = view.resolve(cmd.set(), cmd.uid());
        if (cmd.changedSince().isPresent()) {
            long since = cmd.changedSince().getAsLong(); // RFC 7162 §3.1.4.1: only messages changed since
            seqs = java.util.Arrays.stream(seqs).filter(s -> view.modSeqAt(s) > since).toArray();
        }
        List<FetchItem> items = new ArrayList<>(cmd.items());
        if (cmd.uid() && items.stream().noneMatch(i -> i instanceof FetchItem.Uid)) {
            items.addFirst(new FetchItem.Uid()); // RFC 9051 §6.4.9: UID FETCH always returns UID
        }
        if (ctx.condstore() && cmd.changedSince().isPresent() && items.stream().noneMatch(i -> i instanceof FetchItem.ModSeq)) {
            items.add(new FetchItem.ModSeq()); // RFC 7162 §3.1.4.1
        }
        if (cmd.vanished()) {
            vanished(view, cmd);
        }
        boolean marksSeen = !sel.readOnly() && items.stream().anyMatch(FetchResponder::setsSeen);
        if (marksSeen) {
            markSeen(view, seqs, cmd.changedSince());
            if (items.stream().noneMatch(i -> i instanceof FetchItem.Flags)) {
                items.add(new FetchItem.Flags()); // RFC 9051 §6.4.5: report the \Seen change
            }
        }
        boolean missing = false;
        boolean headers = items.stream().anyMatch(FetchResponder::wantsHeader);
        // FLAGS, UID and MODSEQ come from the view; a cached header answers BODY[HEADER]; the
        // stored row is read (one query per chunk) only for the items that need it.
        boolean rowForAll = items.stream().anyMatch(i -> !fromView(i) && !wantsHeader(i));
        boolean whole = items.stream().anyMatch(FetchResponder::wantsWholeMessage);
        for (int from = 0; from < seqs.length; from += CHUNK) {
            int to = Math.min(seqs.length, from + CHUNK);
            List<Long> uids = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                uids.add(view.uidAt(seqs[i]));
            }
            Map<Long, byte[]> cached = headers ? ctx.store.mailboxes().headers(view.mailboxId(), uids) : Map.of();
            List<Long> needRows = rowForAll ? uids : headers ? uids.stream().filter(u -> !cached.containsKey(u)).toList() : List.of();
            Map<Long, MessageRecord> rows = view.load(ctx.store.mailboxes(), needRows);
            Map<BlobId, byte[]> bodies = whole ? ChunkOctets.read(ctx.store.blobs(), rows.values()) : Map.of();
            for (int i = from; i < to; i++) {
                int seq = seqs[i];
                long uid = uids.get(i - from);
                MessageRecord row = rows.get(uid);
                if (row == null && (rowForAll || (headers && !cached.containsKey(uid)))) {
                    missing = true; // expunged by another session meanwhile: RFC 9051 §7.1 EXPUNGEISSUED
                    continue;
                }
                try {
                    List<Value> values = values(new MessageLoader(view, seq, row, cached.get(uid),
                            row == null ? null : bodies.get(row.blob())), items);
                    SelectCommand.announceNew(ctx, view, view.flagsAt(seq), sel.readOnly());
                    ctx.untagged(Value.num(seq), Value.atom("FETCH"), Value.list(values));
                } catch (java.io.FileNotFoundException e) {
                    missing = true; // expunged meanwhile and its octets collected: RFC 9051 §7.1 EXPUNGEISSUED
                }
                ctx.flushIfLarge();
            }
        }
        if (missing) {
            throw CommandFailure.no("EXPUNGEISSUED", "some messages were expunged meanwhile");
        }
    }

    /** True for BODY[] and RFC822 (the stored octets as they are), which a chunk's prefetch answers. */
    private static boolean wantsWholeMessage(FetchItem i) {
        return switch (i) {
            case FetchItem.BodySection b -> b.section().equals(Section.WHOLE) && b.partial().isEmpty();
            case FetchItem.Rfc822 r -> r.section().equals(Section.WHOLE);
            default -> false;
        };
    }

    /** True for items the view holds: no stored row needed. */
    private static boolean fromView(FetchItem i) {
        return i instanceof FetchItem.Flags || i instanceof FetchItem.Uid || i instanceof FetchItem.ModSeq;
    }

    /** True for items a cached header answers: the top-level header and its fields. */
    private static boolean wantsHeader(FetchItem i) {
        return switch (i) {
            case FetchItem.BodySection b -> SectionReader.isTopHeader(b.section());
            case FetchItem.Rfc822 r -> SectionReader.isTopHeader(r.section());
            default -> false;
        };
    }

    private static boolean setsSeen(FetchItem i) {
        return switch (i) {
            case FetchItem.BodySection b -> !b.peek();
            case FetchItem.Binary b -> !b.peek();
            case FetchItem.Rfc822 r -> !r.peek();
            default -> false;
        };
    }

    private void markSeen(MailboxView view, int[] seqs, OptionalLong changedSince) {
        List<Long> unseen = new ArrayList<>();
        for (int seq : seqs) {
            if (!view.flagsAt(seq).contains(Flags.SEEN)) {
                unseen.add(view.uidAt(seq));
            }
        }
        if (!unseen.isEmpty()) {
            FlagResult result = ctx.store.mailboxes().changeFlags(view.mailboxId(),
                    new FlagChange(unseen, FlagChange.Mode.ADD, Flags.of(Flags.SEEN), OptionalLong.empty()));
            result.changed().forEach(view::update);
            if (!result.changed().isEmpty()) {
                view.ownFlagChange(ctx.localChanges.changed(view.mailboxId()));
            }
        }
    }

    /** RFC 7162 §3.2.6: UIDs in the set expunged since CHANGEDSINCE, as VANISHED (EARLIER). */
    private void vanished(MailboxView view, Command.Fetch cmd) {
        List<Long> gone = new ArrayList<>();
        long max = Math.max(view.maxUid(), 1);
        for (long uid : ctx.store.mailboxes().expungedSince(view.mailboxId(), cmd.changedSince().getAsLong())) {
            if (cmd.set().contains(uid, max)) {
                gone.add(uid);
            }
        }
        if (!gone.isEmpty()) {
            ctx.untagged(Value.atom("VANISHED"), Value.atom("(EARLIER)"), Value.atom(UidSets.format(gone)));
        }
    }

    private List<Value> values(MessageLoader msg, List<FetchItem> items) throws IOException, CommandFailure {
        MailboxView view = msg.view;
        List<Value> out = new ArrayList<>(items.size() * 2);
        for (FetchItem item : items) {
            switch (item) {
                case FetchItem.Flags f -> out.addAll(List.of(Value.atom("FLAGS"),
                        flags(view.flagsAt(msg.seq), view.isRecent(view.uidAt(msg.seq)))));
                case FetchItem.Uid u -> out.addAll(List.of(Value.atom("UID"), Value.num(view.uidAt(msg.seq))));
                case FetchItem.InternalDate d -> out.addAll(List.of(Value.atom("INTERNALDATE"),
                        Value.str(DateTimes.format(msg.row().internalDate().atZone(msg.row().internalZone())))));
                case FetchItem.Rfc822Size s -> out.addAll(List.of(Value.atom("RFC822.SIZE"), Value.num(msg.row().size())));
                case FetchItem.ModSeq m -> out.addAll(List.of(Value.atom("MODSEQ"), Value.list(Value.num(view.modSeqAt(msg.seq)))));
                case FetchItem.EmailId e -> out.addAll(List.of(Value.atom("EMAILID"), Value.list(Value.atom(msg.row().emailId()))));
                case FetchItem.ThreadId t -> out.addAll(List.of(Value.atom("THREADID"), Value.list(Value.atom(msg.row().threadId()))));
                case FetchItem.SaveDate s -> out.addAll(List.of(Value.atom("SAVEDATE"),
                        Value.str(DateTimes.format(msg.row().saveDate().atZone(ZoneOffset.UTC)))));
                case FetchItem.Envelope e -> out.addAll(List.of(Value.atom("ENVELOPE"),
                        StructureValues.envelope(msg.summary().envelope())));
                case FetchItem.BodyStructure b -> out.addAll(List.of(Value.atom(b.extensible() ? "BODYSTRUCTURE" : "BODY"),
                        StructureValues.body(msg.summary().body(), b.extensible())));
                case FetchItem.Rfc822 f -> out.addAll(List.of(Value.atom(f.name()),
                        literal(msg.section(f.section()).orElse(new byte[0]), Optional.empty())));
                case FetchItem.BodySection b -> body(out, msg, b);
                case FetchItem.Binary b -> binary(out, msg, b.part(), b.partial(), false);
                case FetchItem.BinarySize b -> binary(out, msg, b.part(), Optional.empty(), true);
            }
        }
        return out;
    }

    private void body(List<Value> out, MessageLoader msg, FetchItem.BodySection b) throws IOException {
        Optional<byte[]> data = msg.section(b.section());
        String name = "BODY[" + b.section().spec() + "]" + b.partial().map(p -> "<" + p.offset() + ">").orElse("");
        out.add(Value.atom(name));
        // RFC 9051 §6.4.5: a section that does not exist is returned as an empty string
        out.add(data.isPresent() ? literal(data.get(), b.partial()) : Value.str(""));
    }

    private void binary(List<Value> out, MessageLoader msg, List<Integer> part, Optional<FetchItem.Partial> partial,
                        boolean sizeOnly) throws IOException, CommandFailure {
        String spec = part.stream().map(String::valueOf).reduce((a, c) -> a + "." + c).orElse("");
        byte[] raw = msg.all();
        byte[] decoded;
        if (part.isEmpty()) {
            decoded = raw; // RFC 3516 §4.2: BINARY[] is the whole message
        } else {
            BodyPart node = SectionReader.resolve(msg.summary().body(), part)
                    .orElseThrow(() -> CommandFailure.no("NONEXISTENT", "no such body part"));
            if (node instanceof BodyPart.Multi) {
                throw CommandFailure.no("UNKNOWN-CTE", "BINARY of a multipart"); // RFC 3516 §4.1
            }
            decoded = MessageText.decodeTransfer(raw, node)
                    .orElseThrow(() -> CommandFailure.no("UNKNOWN-CTE", "unknown content transfer encoding"));
        }
        if (sizeOnly) {
            out.add(Value.atom("BINARY.SIZE[" + spec + "]"));
            out.add(Value.num(decoded.length));
            return;
        }
        out.add(Value.atom("BINARY[" + spec + "]" + partial.map(p -> "<" + p.offset() + ">").orElse("")));
        boolean hasNul = false;
        for (byte x : decoded) {
            if (x == 0) {
                hasNul = true;
                break;
            }
        }
        Value lit = literal(decoded, partial);
        if (hasNul && lit instanceof Value.Literal l) {
            lit = new Value.Literal(l.bytes(), l.offset(), l.length(), true); // RFC 3516 §4.2: literal8
        }
        out.add(lit);
    }

    private static Value literal(byte[] data, Optional<FetchItem.Partial> partial) {
        if (partial.isEmpty()) {
            return new Value.Literal(data, 0, data.length, false);
        }
        FetchItem.Partial p = partial.get();
        // RFC 9051 §6.4.5: a partial starting past the end is an empty string
        int from = (int) Math.min(p.offset(), data.length);
        int len = (int) Math.min(p.count(), data.length - from);
        return new Value.Literal(data, from, len, false);
    }

    /** The FLAGS list; {@code recent} adds the session flag \Recent (RFC 3501 §2.3.2, IMAP4rev1 only). */
    static Value flags(Flags flags, boolean recent) {
        List<Value> list = new ArrayList<>(flags.values().size() + 1);
        for (String f : flags.values()) {
            list.add(Value.atom(f));
        }
        if (recent) {
            list.add(Value.atom("\\Recent"));
        }
        return Value.list(list);
    }

    /**
     * Loads the summary and octets of one message at most once, and only as much as needed. The
     * row is absent when the items asked for need none (FLAGS, UID, MODSEQ, a cached header).
     */
    private final class MessageLoader {
        private final MailboxView view;
        private final int seq;
        private final @Nullable MessageRecord row;
        private final byte @Nullable [] header;
        private MessageSummary summary;
        private byte[] bytes;
        private boolean complete;

        MessageLoader(MailboxView view, int seq, @Nullable MessageRecord row, byte @Nullable [] header,
                      byte @Nullable [] prefetched) {
            this.view = view;
            this.seq = seq;
            this.row = row;
            this.header = header;
            if (prefetched != null) {
                this.bytes = prefetched;
                this.complete = true;
            }
        }

        MessageRecord row() {
            if (row == null) {
                throw new IllegalStateException("the row of UID " + view.uidAt(seq) + " was not loaded");
            }
            return row;
        }

        /** The octets of a section: from the cached header when it answers, else from the blob. */
        Optional<byte[]> section(Section section) throws IOException {
            if (header != null && SectionReader.isTopHeader(section)) {
                return Optional.of(SectionReader.readHeader(header, section));
            }
            if (section.part().isEmpty() && section.text() == Section.Text.ALL) {
                return Optional.of(all()); // BODY[]: the stored octets as they are, no summary needed
            }
            return SectionReader.read(bytesFor(section), summary(), section);
        }

        MessageSummary summary() {
            if (summary == null) {
                summary = MessageSummaries.decode(row().summary());
            }
            return summary;
        }

        byte[] bytesFor(Section section) throws IOException {
            long prefix = SectionReader.prefixNeeded(summary(), section);
            if (prefix < 0 || complete) {
                return all();
            }
            if (bytes == null || bytes.length < prefix) {
                try (InputStream in = ctx.store.blobs().open(row().blob())) {
                    bytes = in.readNBytes((int) prefix);
                }
            }
            return bytes;
        }

        byte[] all() throws IOException {
            if (!complete) {
                bytes = ctx.store.blobs().read(row().blob());
                complete = true;
            }
            return bytes;
        }
    }
}
