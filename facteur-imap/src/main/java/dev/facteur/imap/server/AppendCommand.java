package dev.facteur.imap.server;

import dev.facteur.core.mime.BinaryPartEncoder;
import dev.facteur.core.mime.MessageSummaries;
import dev.facteur.core.mime.MessageSummary;
import dev.facteur.imap.proto.Command;
import dev.facteur.imap.proto.ImapResponse;
import dev.facteur.store.Account;
import dev.facteur.store.Appended;
import dev.facteur.store.ConflictException;
import dev.facteur.store.Delivery;
import dev.facteur.store.Flags;
import dev.facteur.store.NewMessage;
import dev.facteur.store.StagedBlob;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** APPEND with MULTIAPPEND (RFC 3502), APPENDUID (RFC 4315 §3) and APPENDLIMIT (RFC 7889). */
final class AppendCommand {

    /** Headers above this size are read from the blob instead of being cached in the message row. */

    private final SessionContext ctx;

    AppendCommand(SessionContext ctx) {
        this.ctx = ctx;
    }

    ImapResponse append(Account account, Command.Append cmd) throws CommandFailure, IOException {
        long mailboxId = ctx.store.mailboxes().id(account.id(), ctx.internalName(cmd.mailbox()))
                .orElseThrow(() -> CommandFailure.no("TRYCREATE", "no such mailbox")); // RFC 9051 §6.3.12
        List<byte[]> contents = new ArrayList<>();
        for (Command.AppendMessage m : cmd.messages()) {
            if (m.content().length == 0) {
                throw CommandFailure.no("CANNOT", "empty message");
            }
            if (m.content().length > ctx.settings.appendLimit()) {
                throw CommandFailure.no("TOOBIG", "message larger than APPENDLIMIT"); // RFC 7889 §3
            }
            // RFC 3516 §4.4: a literal8 may carry binary parts; stored with them in base64 so that
            // BODY[] never holds a NUL (RFC 9051 §4.3) while BINARY[] decodes them back
            contents.add(m.binary() ? BinaryPartEncoder.encode(m.content()) : m.content());
        }
        // The bytes commit with their rows (one fsync for mail up to the store's inline limit).
        List<StagedBlob> blobs = contents.stream().map(StagedBlob::of).toList();
        List<Map.Entry<Long, NewMessage>> deliveries = new ArrayList<>();
        Instant now = ctx.clock.instant();
        for (int i = 0; i < cmd.messages().size(); i++) {
            Command.AppendMessage m = cmd.messages().get(i);
            Flags flags;
            try {
                flags = Flags.of(m.flags().stream().filter(f -> !f.equalsIgnoreCase("\\Recent")).toList());
            } catch (IllegalArgumentException e) {
                throw CommandFailure.bad("invalid flag");
            }
            MessageSummary summary = MessageSummaries.derive(contents.get(i));
            Instant date = m.internalDate().map(d -> d.toInstant()).orElse(now);
            // RFC 9051 §6.3.12: the date-time given becomes INTERNALDATE, its zone kept for FETCH
            ZoneOffset zone = m.internalDate().map(d -> d.getOffset()).orElse(ZoneOffset.UTC);
            deliveries.add(new AbstractMap.SimpleEntry<>(mailboxId, new NewMessage(blobs.get(i).id(), contents.get(i).length, date,
                    flags, MessageSummaries.encode(summary), summary.threadKey(), zone, header(contents.get(i), summary))));
        }
        List<Appended> appended;
        try {
            // RFC 3502 §6.3.11: MULTIAPPEND is all or nothing
            appended = ctx.store.deliver(new Delivery(blobs, deliveries, List.of())).appended();
        } catch (ConflictException e) {
            throw CommandFailure.no("OVERQUOTA", "quota exceeded"); // RFC 9208 §4.3
        }
        ctx.localChanges.changed(mailboxId);
        List<Long> uids = appended.stream().map(Appended::uid).toList();
        // RFC 4315 §3: APPENDUID uidvalidity uid-set
        return ImapResponse.ok(cmd.tag(), "APPENDUID " + appended.getFirst().uidValidity() + " " + UidSets.ordered(uids),
                "APPEND completed");
    }

    /** The header octets to cache for FETCH BODY[HEADER]; none for a header too large to be worth a row. */
    static byte[] header(byte[] content, MessageSummary summary) {
        return NewMessage.headerToCache(content, summary.body().bodyStart());
    }
}
