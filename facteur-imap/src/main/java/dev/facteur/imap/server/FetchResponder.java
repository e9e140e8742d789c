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
        for (int from = 0; from < seqs.length; from += CHUNK) {
            int to = Math.min(seqs.length, from + CHUNK);
            Map<Long, byte[]> cached = headers ? cachedHeaders(view, seqs, from, to) : Map.of();
            for (int i = from; i < to; i++) {
                MessageRecord r = view.recordAt(seqs[i]);
                if (cmd.changedSince().isPresent() && r.modSeq() <= cmd.changedSince().getAsLong()) {
                    continue;
                }
                try {
                    List<Value> values = values(new MessageLoader(r, cached.get(r.uid())), items, view.isRecent(r.uid()));
                    SelectCommand.announceNew(ctx, view, r.flags(), sel.readOnly());
                    ctx.untagged(Value.num(seqs[i]), Value.atom("FETCH"), Value.list(values));
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

    /** The cached headers of the messages at {@code seqs[from..to)}: one store query per chunk. */
    private Map<Long, byte[]> cachedHeaders(MailboxView view, int[] seqs, int from, int to) {
        List<Long> uids = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            uids.add(view.uidAt(seqs[i]));
        }
        return ctx.store.mailboxes().headers(view.mailboxId(), uids);
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
            MessageRecord r = view.recordAt(seq);
            if (!r.flags().contains(Flags.SEEN)) {
                unseen.add(r.uid());
            }
        }
        if (!unseen.isEmpty()) {
            FlagResult result = ctx.store.mailboxes().changeFlags(view.mailboxId(),
                    new FlagChange(unseen, FlagChange.Mode.ADD, Flags.of(Flags.SEEN), OptionalLong.empty()));
            result.changed().forEach(view::update);
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

    private List<Value> values(MessageLoader msg, List<FetchItem> items, boolean recent) throws IOException, CommandFailure {
        MessageRecord r = msg.record;
        List<Value> out = new ArrayList<>(items.size() * 2);
        for (FetchItem item : items) {
            switch (item) {
                case FetchItem.Flags f -> out.addAll(List.of(Value.atom("FLAGS"), flags(r.flags(), recent)));
                case FetchItem.Uid u -> out.addAll(List.of(Value.atom("UID"), Value.num(r.uid())));
                case FetchItem.InternalDate d -> out.addAll(List.of(Value.atom("INTERNALDATE"),
                        Value.str(DateTimes.format(r.internalDate().atZone(r.internalZone())))));
                case FetchItem.Rfc822Size s -> out.addAll(List.of(Value.atom("RFC822.SIZE"), Value.num(r.size())));
                case FetchItem.ModSeq m -> out.addAll(List.of(Value.atom("MODSEQ"), Value.list(Value.num(r.modSeq()))));
                case FetchItem.EmailId e -> out.addAll(List.of(Value.atom("EMAILID"), Value.list(Value.atom(r.emailId()))));
                case FetchItem.ThreadId t -> out.addAll(List.of(Value.atom("THREADID"), Value.list(Value.atom(r.threadId()))));
                case FetchItem.SaveDate s -> out.addAll(List.of(Value.atom("SAVEDATE"),
                        Value.str(DateTimes.format(r.saveDate().atZone(ZoneOffset.UTC)))));
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

    /** Loads the summary and octets of one message at most once, and only as much as needed. */
    private final class MessageLoader {
        private final MessageRecord record;
        private final byte @Nullable [] header;
        private MessageSummary summary;
        private byte[] bytes;
        private boolean complete;

        MessageLoader(MessageRecord record, byte @Nullable [] header) {
            this.record = record;
            this.header = header;
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
                summary = MessageSummaries.decode(record.summary());
            }
            return summary;
        }

        byte[] bytesFor(Section section) throws IOException {
            long prefix = SectionReader.prefixNeeded(summary(), section);
            if (prefix < 0 || complete) {
                return all();
            }
            if (bytes == null || bytes.length < prefix) {
                try (InputStream in = ctx.store.blobs().open(record.blob())) {
                    bytes = in.readNBytes((int) prefix);
                }
            }
            return bytes;
        }

        byte[] all() throws IOException {
            if (!complete) {
                bytes = ctx.store.blobs().read(record.blob());
                complete = true;
            }
            return bytes;
        }
    }
}
