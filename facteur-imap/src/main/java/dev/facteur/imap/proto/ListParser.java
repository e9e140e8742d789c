package dev.facteur.imap.proto;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** LIST (RFC 9051 §6.3.9 with RFC 5258 LIST-EXTENDED, RFC 5819 LIST-STATUS) and LSUB. */
final class ListParser {

    private ListParser() {}

    static Command list(ImapCursor c, String tag) throws SyntaxException {
        c.sp();
        Set<String> selection = Set.of();
        if (c.peek() == '(') {
            selection = ImapCommandParser.upperAtoms(c); // RFC 5258 §3 list-select-opts
            c.sp();
        }
        String reference = c.astring();
        c.sp();
        List<String> patterns = new ArrayList<>();
        if (c.acceptOpen()) {
            do {
                patterns.add(c.listMailbox());
            } while (c.accept(' '));
            c.expectClose();
        } else {
            patterns.add(c.listMailbox());
        }
        Set<String> returns = new LinkedHashSet<>();
        List<String> statusItems = List.of();
        if (c.accept(' ')) {
            if (!c.acceptWord("RETURN")) {
                throw c.error("expected RETURN");
            }
            c.sp();
            c.expectOpen();
            if (!c.acceptClose()) {
                do {
                    String opt = c.atom().toUpperCase(Locale.ROOT);
                    returns.add(opt);
                    if (opt.equals("STATUS")) {
                        c.sp();
                        statusItems = ImapCommandParser.statusItems(c); // RFC 5819 §2
                    }
                } while (c.accept(' '));
                c.expectClose();
            }
        }
        for (String s : selection) {
            if (!Set.of("SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE").contains(s)) {
                throw c.error("unknown LIST selection option");
            }
        }
        // RFC 5258 §3: RECURSIVEMATCH alone, or with only REMOTE, is an error
        if (selection.contains("RECURSIVEMATCH")
                && selection.stream().allMatch(s -> s.equals("RECURSIVEMATCH") || s.equals("REMOTE"))) {
            throw c.error("RECURSIVEMATCH needs another selection option");
        }
        for (String r : returns) {
            // RFC 5258 §3: an unrecognised return option is a BAD (RFC 5819 STATUS, RFC 6154 SPECIAL-USE)
            if (!Set.of("SUBSCRIBED", "CHILDREN", "STATUS", "SPECIAL-USE").contains(r)) {
                throw c.error("unknown LIST return option");
            }
        }
        return new Command.ListMailboxes(tag, reference, patterns, selection, returns, statusItems, false);
    }

    static Command lsub(ImapCursor c, String tag) throws SyntaxException {
        c.sp();
        String reference = c.astring();
        c.sp();
        String pattern = c.listMailbox();
        return new Command.ListMailboxes(tag, reference, List.of(pattern), Set.of("SUBSCRIBED"), Set.of(),
                List.of(), true);
    }
}
