package dev.facteur.imap.proto;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parses one complete command (RFC 9051 §9 {@code command}) into a {@link Command}. Pure: the
 * caller has already read the line and every literal it announced.
 */
public final class ImapCommandParser {

    private ImapCommandParser() {}

    public static Command parse(byte[] command) throws SyntaxException {
        ImapCursor c = new ImapCursor(command);
        String tag = tag(c);
        try {
            c.sp();
            Command cmd = body(c, tag);
            c.end();
            return cmd;
        } catch (SyntaxException e) {
            throw e.withTag(tag);
        } catch (IllegalArgumentException e) {
            throw new SyntaxException(c.position(), "invalid argument", tag);
        }
    }

    /** RFC 9051 §9 tag = 1*<any ASTRING-CHAR except "+">. */
    private static String tag(ImapCursor c) throws SyntaxException {
        StringBuilder b = new StringBuilder();
        while (!c.atEnd()) {
            int ch = c.peek();
            if (!(ImapCursor.isAtomChar(ch) || ch == ']') || ch == '+') {
                break;
            }
            b.append((char) ch);
            c.accept((char) ch);
        }
        if (b.isEmpty() || b.length() > 64) {
            throw c.error("missing or invalid tag");
        }
        return b.toString();
    }

    private static Command body(ImapCursor c, String tag) throws SyntaxException {
        String name = c.atom().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "CAPABILITY" -> new Command.Capability(tag);
            case "NOOP", "CHECK" -> new Command.Noop(tag); // RFC 3501 §6.4.1: CHECK is NOOP here
            case "LOGOUT" -> new Command.Logout(tag);
            case "ID" -> id(c, tag);
            case "STARTTLS" -> new Command.StartTls(tag);
            case "LOGIN" -> login(c, tag);
            case "AUTHENTICATE" -> authenticate(c, tag);
            case "ENABLE" -> enable(c, tag);
            case "SELECT", "EXAMINE" -> select(c, tag, name.equals("EXAMINE"));
            case "CREATE" -> create(c, tag);
            case "DELETE" -> new Command.Delete(tag, arg(c));
            case "RENAME" -> new Command.Rename(tag, arg(c), arg(c));
            case "SUBSCRIBE" -> new Command.Subscribe(tag, arg(c), true);
            case "UNSUBSCRIBE" -> new Command.Subscribe(tag, arg(c), false);
            case "LIST" -> ListParser.list(c, tag);
            case "LSUB" -> ListParser.lsub(c, tag);
            case "NAMESPACE" -> new Command.Namespace(tag);
            case "STATUS" -> status(c, tag);
            case "APPEND" -> append(c, tag);
            case "IDLE" -> new Command.Idle(tag);
            case "GETQUOTA" -> new Command.GetQuota(tag, arg(c));
            case "GETQUOTAROOT" -> new Command.GetQuotaRoot(tag, arg(c));
            case "SETQUOTA" -> setQuota(c, tag);
            case "COMPRESS" -> {
                c.sp();
                yield new Command.Compress(tag, c.atom().toUpperCase(Locale.ROOT));
            }
            case "CLOSE" -> new Command.Close(tag);
            case "UNSELECT" -> new Command.Unselect(tag);
            case "EXPUNGE" -> new Command.Expunge(tag, Optional.empty());
            case "SEARCH" -> SearchParser.search(c, tag, false);
            case "SORT" -> SearchParser.sort(c, tag, false);
            case "THREAD" -> SearchParser.thread(c, tag, false);
            case "FETCH" -> FetchParser.fetch(c, tag, false);
            case "STORE" -> store(c, tag, false);
            case "COPY" -> copy(c, tag, false, false);
            case "MOVE" -> copy(c, tag, false, true);
            case "UID" -> uid(c, tag);
            default -> throw new SyntaxException(0, "unknown command");
        };
    }

    private static Command uid(ImapCursor c, String tag) throws SyntaxException {
        c.sp();
        String sub = c.atom().toUpperCase(Locale.ROOT);
        return switch (sub) {
            case "FETCH" -> FetchParser.fetch(c, tag, true);
            case "STORE" -> store(c, tag, true);
            case "COPY" -> copy(c, tag, true, false);
            case "MOVE" -> copy(c, tag, true, true);
            case "SEARCH" -> SearchParser.search(c, tag, true);
            case "SORT" -> SearchParser.sort(c, tag, true);
            case "THREAD" -> SearchParser.thread(c, tag, true);
            case "EXPUNGE" -> {
                c.sp();
                yield new Command.Expunge(tag, Optional.of(c.sequenceSet()));
            }
            default -> throw c.error("unknown UID command");
        };
    }

    /** RFC 9208 §4.1.3: {@code SETQUOTA quota-root SP "(" [setquota-resource *(SP setquota-resource)] ")"}. */
    private static Command setQuota(ImapCursor c, String tag) throws SyntaxException {
        String root = arg(c);
        c.sp();
        c.expectOpen();
        java.util.Map<String, Long> limits = new java.util.LinkedHashMap<>();
        if (!c.acceptClose()) {
            do {
                String resource = c.atom().toUpperCase(Locale.ROOT);
                c.sp();
                limits.put(resource, c.number());
            } while (c.accept(' '));
            c.expectClose();
        }
        return new Command.SetQuota(tag, root, limits);
    }

    private static String arg(ImapCursor c) throws SyntaxException {
        c.sp();
        return c.astring();
    }

    private static Command login(ImapCursor c, String tag) throws SyntaxException {
        return new Command.Login(tag, arg(c), arg(c));
    }

    private static Command authenticate(ImapCursor c, String tag) throws SyntaxException {
        c.sp();
        String mech = c.atom().toUpperCase(Locale.ROOT);
        Optional<String> ir = Optional.empty();
        if (c.accept(' ')) {
            // RFC 4959 §3: initial-response = base64 / "="
            ir = Optional.of(c.accept('=') ? "=" : c.atom());
        }
        return new Command.Authenticate(tag, mech, ir);
    }

    private static Command id(ImapCursor c, String tag) throws SyntaxException {
        c.sp();
        List<Optional<String>> fields = new ArrayList<>();
        if (c.acceptWord("NIL")) {
            return new Command.Id(tag, fields);
        }
        c.expectOpen();
        if (!c.acceptClose()) {
            do {
                if (fields.size() >= 60) {
                    throw c.error("too many ID fields"); // RFC 2971 §3.3: at most 30 pairs
                }
                fields.add(Optional.of(c.string()));
                c.sp();
                fields.add(Optional.ofNullable(c.nstringOrNull()));
            } while (c.accept(' '));
            c.expectClose();
        }
        return new Command.Id(tag, fields);
    }

    private static Command enable(ImapCursor c, String tag) throws SyntaxException {
        List<String> caps = new ArrayList<>();
        while (c.accept(' ')) {
            caps.add(c.atom().toUpperCase(Locale.ROOT));
        }
        if (caps.isEmpty()) {
            throw c.error("ENABLE needs a capability");
        }
        return new Command.Enable(tag, caps);
    }

    private static Command select(ImapCursor c, String tag, boolean readOnly) throws SyntaxException {
        String mailbox = arg(c);
        boolean condstore = false;
        Optional<Command.Qresync> qresync = Optional.empty();
        if (c.accept(' ')) {
            c.expectOpen();
            do {
                String p = c.atom().toUpperCase(Locale.ROOT);
                switch (p) {
                    case "CONDSTORE" -> condstore = true; // RFC 7162 §3.1.8
                    case "QRESYNC" -> {
                        c.sp();
                        qresync = Optional.of(qresync(c)); // RFC 7162 §3.2.5
                    }
                    default -> throw c.error("unknown SELECT parameter");
                }
            } while (c.accept(' '));
            c.expectClose();
        }
        return new Command.Select(tag, mailbox, readOnly, condstore, qresync);
    }

    private static Command.Qresync qresync(ImapCursor c) throws SyntaxException {
        c.expectOpen();
        long validity = c.nzNumber();
        c.sp();
        long modSeq = c.number();
        Optional<SequenceSet> known = Optional.empty();
        if (c.accept(' ')) {
            if (c.peek() != '(') {
                known = Optional.of(c.sequenceSet());
                c.accept(' ');
            }
            if (c.acceptOpen()) { // seq-match-data: ignored, known-uids suffice
                c.sequenceSet();
                c.sp();
                c.sequenceSet();
                c.expectClose();
            }
        }
        c.expectClose();
        return new Command.Qresync(validity, modSeq, known);
    }

    private static Command create(ImapCursor c, String tag) throws SyntaxException {
        String mailbox = arg(c);
        Optional<String> use = Optional.empty();
        if (c.accept(' ')) {
            c.expectOpen();
            // RFC 6154 §3: CREATE mailbox (USE (\Special))
            if (!c.acceptWord("USE")) {
                throw c.error("unknown CREATE parameter");
            }
            c.sp();
            List<String> uses = c.flagList();
            if (uses.size() != 1) {
                throw c.error("exactly one special use is supported");
            }
            use = Optional.of(uses.getFirst());
            c.expectClose();
        }
        return new Command.Create(tag, mailbox, use);
    }

    private static Command status(ImapCursor c, String tag) throws SyntaxException {
        String mailbox = arg(c);
        c.sp();
        return new Command.Status(tag, mailbox, statusItems(c));
    }

    static List<String> statusItems(ImapCursor c) throws SyntaxException {
        c.expectOpen();
        List<String> items = new ArrayList<>();
        do {
            String item = c.atom().toUpperCase(Locale.ROOT);
            switch (item) {
                case "MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "DELETED", "SIZE", "HIGHESTMODSEQ",
                     "RECENT", "APPENDLIMIT", "MAILBOXID" -> items.add(item);
                default -> throw c.error("unknown STATUS item");
            }
        } while (c.accept(' '));
        c.expectClose();
        return items;
    }

    private static Command append(ImapCursor c, String tag) throws SyntaxException {
        String mailbox = arg(c);
        List<Command.AppendMessage> messages = new ArrayList<>();
        // RFC 3502 MULTIAPPEND: one or more messages
        while (c.accept(' ')) {
            List<String> flags = List.of();
            if (c.peek() == '(') {
                flags = c.flagList();
                c.sp();
            }
            Optional<ZonedDateTime> date = Optional.empty();
            if (c.peek() == '"') {
                date = Optional.of(DateTimes.parseDateTime(c, c.string()));
                c.sp();
            }
            if (c.acceptWord("UTF8")) {
                // RFC 6855 §4: UTF8 (literal8) carries a message with UTF-8 headers
                c.sp();
                c.expectOpen();
                if (!c.atLiteral8()) {
                    throw c.error("expected a literal8");
                }
                messages.add(new Command.AppendMessage(flags, date, c.literal(), true));
                c.expectClose();
                continue;
            }
            boolean binary = c.atLiteral8();
            if (!c.atLiteral()) {
                throw c.error("expected a message literal");
            }
            messages.add(new Command.AppendMessage(flags, date, c.literal(), binary));
        }
        if (messages.isEmpty()) {
            throw c.error("APPEND needs a message");
        }
        return new Command.Append(tag, mailbox, messages);
    }

    private static Command store(ImapCursor c, String tag, boolean uid) throws SyntaxException {
        c.sp();
        SequenceSet set = c.sequenceSet();
        c.sp();
        OptionalLong unchangedSince = OptionalLong.empty();
        if (c.acceptOpen()) {
            // RFC 7162 §3.1.3 store-modifier
            if (!c.acceptWord("UNCHANGEDSINCE")) {
                throw c.error("unknown STORE modifier");
            }
            c.sp();
            unchangedSince = OptionalLong.of(c.number());
            c.expectClose();
            c.sp();
        }
        Command.StoreMode mode = c.accept('+') ? Command.StoreMode.ADD
                : c.accept('-') ? Command.StoreMode.REMOVE : Command.StoreMode.REPLACE;
        if (!c.acceptWord("FLAGS") && !c.acceptWord("FLAGS")) {
            throw c.error("expected FLAGS");
        }
        boolean silent = c.acceptWord(".SILENT");
        c.sp();
        List<String> flags;
        if (c.peek() == '(') {
            flags = c.flagList();
        } else {
            flags = new ArrayList<>();
            do {
                flags.add(c.flag());
            } while (c.accept(' '));
        }
        return new Command.Store(tag, uid, set, mode, silent, flags, unchangedSince);
    }

    private static Command copy(ImapCursor c, String tag, boolean uid, boolean move) throws SyntaxException {
        c.sp();
        SequenceSet set = c.sequenceSet();
        return new Command.Copy(tag, uid, set, arg(c), move);
    }

    static Set<String> upperAtoms(ImapCursor c) throws SyntaxException {
        Set<String> out = new LinkedHashSet<>();
        c.expectOpen();
        if (!c.acceptClose()) {
            do {
                out.add(c.atom().toUpperCase(Locale.ROOT));
            } while (c.accept(' '));
            c.expectClose();
        }
        return out;
    }
}
