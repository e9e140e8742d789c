package dev.facteur.store.postgres;

import dev.facteur.store.ChangeEvent;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text of a NOTIFY: one event per line, {@code KIND account mailbox uid modseq}, with
 * KIND A (added), F (flags), X (expunged) or M (mailboxes changed, uid 0).
 */
final class NotifyPayload {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyPayload.class);

    private NotifyPayload() {}

    static List<String> pack(List<ChangeEvent> events, int maxLength) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (ChangeEvent e : events) {
            String line = line(e);
            if (!b.isEmpty() && b.length() + 1 + line.length() > maxLength) {
                out.add(b.toString());
                b.setLength(0);
            }
            if (!b.isEmpty()) {
                b.append('\n');
            }
            b.append(line);
        }
        if (!b.isEmpty()) {
            out.add(b.toString());
        }
        return out;
    }

    private static String line(ChangeEvent e) {
        return switch (e) {
            case ChangeEvent.MessageAdded a -> "A " + a.accountId() + " " + a.mailboxId() + " " + a.uid() + " " + a.modSeq();
            case ChangeEvent.FlagsChanged f -> "F " + f.accountId() + " " + f.mailboxId() + " " + f.uid() + " " + f.modSeq();
            case ChangeEvent.Expunged x -> "X " + x.accountId() + " " + x.mailboxId() + " " + x.uid() + " " + x.modSeq();
            case ChangeEvent.MailboxesChanged m -> "M " + m.accountId() + " " + m.mailboxId() + " 0 " + m.modSeq();
        };
    }

    static List<ChangeEvent> unpack(String payload) {
        List<ChangeEvent> out = new ArrayList<>();
        for (String line : payload.split("\n")) {
            String[] f = line.split(" ");
            try {
                long account = Long.parseLong(f[1]);
                long mailbox = Long.parseLong(f[2]);
                long uid = Long.parseLong(f[3]);
                long modSeq = Long.parseLong(f[4]);
                switch (f[0]) {
                    case "A" -> out.add(new ChangeEvent.MessageAdded(account, mailbox, uid, modSeq));
                    case "F" -> out.add(new ChangeEvent.FlagsChanged(account, mailbox, uid, modSeq));
                    case "X" -> out.add(new ChangeEvent.Expunged(account, mailbox, uid, modSeq));
                    case "M" -> out.add(new ChangeEvent.MailboxesChanged(account, mailbox, modSeq));
                    default -> LOG.warn("unknown change event kind in NOTIFY: {}", f[0]);
                }
            } catch (RuntimeException e) {
                LOG.warn("malformed change event in NOTIFY ignored");
            }
        }
        return out;
    }
}
