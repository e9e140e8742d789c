package dev.facteur.imap.server;

import dev.facteur.imap.proto.Command;
import dev.facteur.imap.proto.ImapResponse;
import dev.facteur.imap.proto.Value;
import dev.facteur.store.Account;
import dev.facteur.store.ConflictException;
import dev.facteur.store.Flags;
import dev.facteur.store.Mailbox;
import dev.facteur.store.MessageRecord;
import dev.facteur.store.SpecialUse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Mailbox-level commands: CREATE, DELETE, RENAME, (UN)SUBSCRIBE, LIST, LSUB, STATUS, NAMESPACE, QUOTA. */
final class MailboxCommands {

    private final SessionContext ctx;

    MailboxCommands(SessionContext ctx) {
        this.ctx = ctx;
    }

    Mailbox find(Account account, String wireName) throws CommandFailure {
        return ctx.store.mailboxes().find(account.id(), ctx.internalName(wireName))
                .orElseThrow(() -> CommandFailure.no("NONEXISTENT", "no such mailbox"));
    }

    ImapResponse create(Account account, Command.Create cmd) throws CommandFailure {
        String wire = cmd.mailbox().endsWith("/") ? cmd.mailbox().substring(0, cmd.mailbox().length() - 1) : cmd.mailbox();
        String name = ctx.internalName(wire); // RFC 9051 §6.3.4: a trailing delimiter is dropped
        if (name.equals(Mailbox.INBOX)) {
            throw CommandFailure.no("ALREADYEXISTS", "INBOX always exists");
        }
        Optional<SpecialUse> use = Optional.empty();
        if (cmd.specialUse().isPresent()) {
            use = specialUse(cmd.specialUse().get());
            if (use.isEmpty()) {
                throw CommandFailure.no("USEATTR", "unsupported special use"); // RFC 6154 §3
            }
        }
        Mailbox created;
        try {
            created = ctx.store.mailboxes().create(account.id(), name, use);
        } catch (ConflictException e) {
            throw CommandFailure.no("ALREADYEXISTS", "mailbox already exists");
        }
        // RFC 8474 §4.1: CREATE reports the new mailbox's MAILBOXID
        return ImapResponse.ok(cmd.tag(), "MAILBOXID (" + mailboxId(created) + ")", "CREATE completed");
    }

    private static Optional<SpecialUse> specialUse(String attribute) {
        for (SpecialUse u : SpecialUse.values()) {
            if (u.attribute().equalsIgnoreCase(attribute)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    ImapResponse delete(Account account, Command.Delete cmd) throws CommandFailure {
        Mailbox mb = find(account, cmd.mailbox());
        if (mb.isInbox()) {
            throw CommandFailure.no("CANNOT", "INBOX cannot be deleted"); // RFC 9051 §6.3.5
        }
        try {
            ctx.store.mailboxes().delete(mb.id());
            ctx.recent.forget(mb.id());
            ctx.localChanges.forget(mb.id());
        } catch (ConflictException e) {
            throw CommandFailure.no("CANNOT", "mailbox cannot be deleted");
        }
        return ImapResponse.ok(cmd.tag(), "DELETE completed");
    }

    ImapResponse rename(Account account, Command.Rename cmd) throws CommandFailure {
        Mailbox mb = find(account, cmd.from());
        String to = ctx.internalName(cmd.to());
        if (ctx.store.mailboxes().find(account.id(), to).isPresent()) {
            throw CommandFailure.no("ALREADYEXISTS", "target mailbox exists");
        }
        try {
            ctx.store.mailboxes().rename(mb.id(), to);
            ctx.localChanges.changed(mb.id()); // renaming INBOX moves its messages out (RFC 9051 §6.3.6)
        } catch (ConflictException e) {
            throw CommandFailure.no("CANNOT", "mailbox cannot be renamed");
        }
        return ImapResponse.ok(cmd.tag(), "RENAME completed");
    }

    ImapResponse subscribe(Account account, Command.Subscribe cmd) throws CommandFailure {
        String name = ctx.internalName(cmd.mailbox());
        if (cmd.subscribe() && ctx.store.mailboxes().find(account.id(), name).isEmpty()) {
            throw CommandFailure.no("NONEXISTENT", "no such mailbox");
        }
        ctx.store.mailboxes().setSubscribed(account.id(), name, cmd.subscribe());
        return ImapResponse.ok(cmd.tag(), (cmd.subscribe() ? "SUBSCRIBE" : "UNSUBSCRIBE") + " completed");
    }

    ImapResponse namespace(Command.Namespace cmd) {
        // RFC 2342 §5: one personal namespace, no other users' or shared namespaces
        ctx.untagged(Value.atom("NAMESPACE"), Value.list(Value.list(Value.str(""), Value.str("/"))), Value.NIL, Value.NIL);
        return ImapResponse.ok(cmd.tag(), "NAMESPACE completed");
    }

    ImapResponse list(Account account, Command.ListMailboxes cmd) throws CommandFailure {
        String verb = cmd.lsub() ? "LSUB" : "LIST";
        if (cmd.patterns().size() == 1 && cmd.patterns().getFirst().isEmpty() && !cmd.lsub()) {
            // RFC 9051 §6.3.9: an empty pattern asks for the delimiter and the root
            ctx.untagged(Value.atom("LIST"), Value.list(Value.atom("\\Noselect")), Value.str("/"), Value.str(""));
            return ImapResponse.ok(cmd.tag(), "LIST completed");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String p : cmd.patterns()) {
            patterns.add(pattern(ctx.internalPattern(cmd.reference() + p)));
        }
        List<Mailbox> all = ctx.store.mailboxes().list(account.id());
        Set<String> subscribed = new HashSet<>(ctx.store.mailboxes().subscriptions(account.id()));
        Set<String> names = new HashSet<>();
        all.forEach(m -> names.add(m.name()));
        boolean onlySubscribed = cmd.selection().contains("SUBSCRIBED");
        boolean onlySpecial = cmd.selection().contains("SPECIAL-USE");
        boolean showSubscribed = !cmd.lsub() && (onlySubscribed || cmd.returns().contains("SUBSCRIBED"));
        boolean recursive = cmd.selection().contains("RECURSIVEMATCH");
        for (Mailbox m : all) {
            // RFC 5258 §3 RECURSIVEMATCH: a parent with a descendant that meets the selection criteria
            // but that the patterns do not return itself is listed with CHILDINFO (as Dovecot does)
            boolean childMatches = recursive && onlySubscribed
                    && subscribed.stream().anyMatch(n -> n.startsWith(m.name() + "/") && !matches(patterns, n));
            boolean selfMatches = !(onlySubscribed && !subscribed.contains(m.name()))
                    && !(onlySpecial && m.specialUse().isEmpty());
            if (!matches(patterns, m.name()) || !(selfMatches || childMatches)) {
                continue;
            }
            List<Value> attrs = new ArrayList<>();
            // RFC 3348 / RFC 9051 §7.3.1: children attributes
            boolean children = names.stream().anyMatch(n -> n.startsWith(m.name() + "/"));
            attrs.add(Value.atom(children ? "\\HasChildren" : "\\HasNoChildren"));
            if (showSubscribed && subscribed.contains(m.name())) {
                attrs.add(Value.atom("\\Subscribed"));
            }
            m.specialUse().ifPresent(u -> attrs.add(Value.atom(u.attribute()))); // RFC 6154 §2
            if (childMatches) {
                ctx.untagged(Value.atom(verb), Value.list(attrs), Value.str("/"), Value.str(ctx.wireName(m.name())),
                        Value.list(Value.str("CHILDINFO"), Value.list(Value.str("SUBSCRIBED"))));
            } else {
                ctx.untagged(Value.atom(verb), Value.list(attrs), Value.str("/"), Value.str(ctx.wireName(m.name())));
            }
            if (cmd.returns().contains("STATUS")) {
                status(account, m, cmd.statusItems()); // RFC 5819 §2: STATUS right after its LIST
            }
        }
        if (cmd.lsub()) {
            lsubParents(patterns, subscribed);
        }
        if (onlySubscribed) {
            for (String s : subscribed) {
                if (!names.contains(s) && matches(patterns, s)) {
                    // RFC 5258 §3: subscribed but gone
                    ctx.untagged(Value.atom(verb), Value.list(cmd.lsub() ? Value.atom("\\Noselect") : Value.atom("\\NonExistent"),
                            Value.atom("\\Subscribed")), Value.str("/"), Value.str(ctx.wireName(s)));
                }
            }
        }
        return ImapResponse.ok(cmd.tag(), verb + " completed");
    }

    /**
     * RFC 3501 §6.3.9: LSUB with "%" returns the unsubscribed parent of a subscribed mailbox the
     * pattern does not reach, flagged \Noselect.
     */
    private void lsubParents(List<Pattern> patterns, Set<String> subscribed) {
        java.util.TreeSet<String> parents = new java.util.TreeSet<>();
        for (String s : subscribed) {
            if (matches(patterns, s)) {
                continue;
            }
            for (int i = s.indexOf('/'); i > 0; i = s.indexOf('/', i + 1)) {
                String parent = s.substring(0, i);
                if (!subscribed.contains(parent) && matches(patterns, parent)) {
                    parents.add(parent);
                }
            }
        }
        for (String p : parents) {
            ctx.untagged(Value.atom("LSUB"), Value.list(Value.atom("\\Noselect")), Value.str("/"), Value.str(ctx.wireName(p)));
        }
    }

    private static boolean matches(List<Pattern> patterns, String name) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    /** RFC 9051 §6.3.9: {@code *} matches anything, {@code %} anything but the delimiter. */
    static Pattern pattern(String glob) {
        StringBuilder re = new StringBuilder();
        String g = glob;
        if (g.regionMatches(true, 0, "INBOX", 0, 5) && (g.length() == 5 || "/*%".indexOf(g.charAt(5)) >= 0)) {
            g = Mailbox.INBOX + g.substring(5); // INBOX is case-insensitive
        }
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*' || c == '%') {
                if (!literal.isEmpty()) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : "[^/]*");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    ImapResponse status(Account account, Command.Status cmd) throws CommandFailure {
        status(account, find(account, cmd.mailbox()), cmd.items());
        return ImapResponse.ok(cmd.tag(), "STATUS completed");
    }

    private void status(Account account, Mailbox m, List<String> items) {
        List<Value> v = new ArrayList<>();
        for (String item : items) {
            v.add(Value.atom(item));
            v.add(switch (item) {
                case "MESSAGES" -> Value.num(m.messageCount());
                case "UIDNEXT" -> Value.num(m.uidNext());
                case "UIDVALIDITY" -> Value.num(m.uidValidity());
                case "UNSEEN" -> Value.num(m.unseenCount());
                case "DELETED" -> Value.num(deletedCount(m)); // RFC 9051 §6.3.11
                case "SIZE" -> Value.num(m.totalSize()); // RFC 8438
                case "HIGHESTMODSEQ" -> Value.num(m.highestModSeq()); // RFC 7162 §3.1.6
                case "RECENT" -> Value.num(recentCount(m)); // RFC 3501 §6.3.10
                case "APPENDLIMIT" -> Value.num(appendLimit(account)); // RFC 7889 §4, within the quota
                case "MAILBOXID" -> Value.list(Value.atom(mailboxId(m))); // RFC 8474 §4
                default -> throw new IllegalArgumentException("status item checked by the parser: " + item);
            });
        }
        ctx.untagged(Value.atom("STATUS"), Value.str(ctx.wireName(m.name())), Value.list(v));
    }

    /** RFC 3501 §2.3.2: the messages no session has claimed as \Recent yet. */
    private long recentCount(Mailbox m) {
        long claimed = ctx.recent.claimedUpTo(m.id());
        if (claimed >= m.uidNext() - 1) {
            return 0;
        }
        return ctx.store.mailboxes().messages(m.id()).stream().filter(r -> r.uid() > claimed).count();
    }

    private long deletedCount(Mailbox m) {
        long n = 0;
        for (MessageRecord r : ctx.store.mailboxes().messages(m.id())) {
            if (r.flags().contains(Flags.DELETED)) {
                n++;
            }
        }
        return n;
    }

    static String mailboxId(Mailbox m) {
        return "M" + m.id(); // RFC 8474 §4: stable across renames, unique per server
    }

    /** RFC 9208 §4.3 GETQUOTAROOT: one root ("") per account when it has a quota. */
    ImapResponse getQuotaRoot(Account account, Command.GetQuotaRoot cmd) throws CommandFailure {
        Mailbox m = find(account, cmd.mailbox());
        Account current = ctx.store.directory().findAccount(account.id()).orElse(account);
        if (current.quotaBytes() <= 0) {
            ctx.untagged(Value.atom("QUOTAROOT"), Value.str(ctx.wireName(m.name())));
        } else {
            ctx.untagged(Value.atom("QUOTAROOT"), Value.str(ctx.wireName(m.name())), Value.str(""));
            quota(current);
        }
        return ImapResponse.ok(cmd.tag(), "GETQUOTAROOT completed");
    }

    ImapResponse getQuota(Account account, Command.GetQuota cmd) throws CommandFailure {
        Account current = ctx.store.directory().findAccount(account.id()).orElse(account);
        if (!cmd.root().isEmpty() || current.quotaBytes() <= 0) {
            throw CommandFailure.no("NONEXISTENT", "no such quota root");
        }
        quota(current);
        return ImapResponse.ok(cmd.tag(), "GETQUOTA completed");
    }

    /**
     * RFC 9208 §4.1.3: quotas are set by the administrator (facteur admin), not by users, so
     * QUOTASET is not advertised and SETQUOTA is refused: NO for a known root, NO [NONEXISTENT]
     * for another (§4.1.3 lets a server refuse limits it will not change).
     */
    ImapResponse setQuota(Account account, Command.SetQuota cmd) throws CommandFailure {
        Account current = ctx.store.directory().findAccount(account.id()).orElse(account);
        if (!cmd.root().isEmpty() || current.quotaBytes() <= 0) {
            throw CommandFailure.no("NONEXISTENT", "no such quota root");
        }
        throw CommandFailure.no("NOPERM", "quotas are set by the administrator"); // RFC 5530 §3 NOPERM
    }

    /** RFC 7889 §4: the largest message APPEND takes here: the server's limit, or less when the quota is nearer. */
    long appendLimit(Account account) {
        Account current = ctx.store.directory().findAccount(account.id()).orElse(account);
        if (current.quotaBytes() <= 0) {
            return ctx.settings.appendLimit();
        }
        long left = current.quotaBytes() - ctx.store.directory().usage(account.id());
        return Math.max(0, Math.min(ctx.settings.appendLimit(), left));
    }

    private void quota(Account account) {
        long usedKib = (ctx.store.directory().usage(account.id()) + 1023) / 1024;
        // RFC 9208 §5.1: STORAGE in units of 1024 octets
        ctx.untagged(Value.atom("QUOTA"), Value.str(""), Value.list(Value.atom("STORAGE"), Value.num(usedKib),
                Value.num(account.quotaBytes() / 1024)));
    }
}
