package dev.facteur.imap.proto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** SEARCH (RFC 9051 §6.4.4, RFC 4731 ESEARCH, RFC 5182 SEARCHRES), SORT and THREAD (RFC 5256). */
final class SearchParser {

    private static final int MAX_KEYS = 1000;
    private static final Set<String> RETURN_OPTIONS = Set.of("MIN", "MAX", "ALL", "COUNT", "SAVE");

    private int keys;

    private SearchParser() {}

    static Command search(ImapCursor c, String tag, boolean uid) throws SyntaxException {
        Optional<Set<String>> returns = returns(c);
        Optional<String> charset = Optional.empty();
        c.sp();
        if (c.acceptWord("CHARSET")) {
            c.sp();
            charset = Optional.of(c.astring());
            c.sp();
        }
        return new Command.Search(tag, uid, charset, new SearchParser().keys(c), returns);
    }

    static Command sort(ImapCursor c, String tag, boolean uid) throws SyntaxException {
        Optional<Set<String>> returns = returns(c);
        c.sp();
        c.expectOpen();
        List<Command.SortCriterion> criteria = new ArrayList<>();
        do {
            boolean reverse = c.acceptWord("REVERSE") && c.accept(' ');
            String key = c.atom().toUpperCase(Locale.ROOT);
            // RFC 5256 §3 sort-key, RFC 5957 DISPLAYFROM / DISPLAYTO
            if (!Set.of("ARRIVAL", "CC", "DATE", "FROM", "SIZE", "SUBJECT", "TO", "DISPLAYFROM", "DISPLAYTO")
                    .contains(key)) {
                throw c.error("unknown sort key");
            }
            criteria.add(new Command.SortCriterion(key, reverse));
        } while (c.accept(' '));
        c.expectClose();
        c.sp();
        String charset = c.astring();
        c.sp();
        return new Command.Sort(tag, uid, criteria, charset, new SearchParser().keys(c), returns);
    }

    static Command thread(ImapCursor c, String tag, boolean uid) throws SyntaxException {
        c.sp();
        String algorithm = c.atom().toUpperCase(Locale.ROOT);
        if (!algorithm.equals("REFERENCES") && !algorithm.equals("ORDEREDSUBJECT")) {
            throw c.error("unknown thread algorithm");
        }
        c.sp();
        String charset = c.astring();
        c.sp();
        return new Command.Thread(tag, uid, algorithm, charset, new SearchParser().keys(c));
    }

    /** RFC 4731 §3.1 search-return-opts. */
    private static Optional<Set<String>> returns(ImapCursor c) throws SyntaxException {
        int mark = c.position();
        if (c.accept(' ') && c.acceptWord("RETURN")) {
            c.sp();
            Set<String> opts = ImapCommandParser.upperAtoms(c);
            for (String o : opts) {
                if (!RETURN_OPTIONS.contains(o)) {
                    throw c.error("unknown search return option");
                }
            }
            return Optional.of(opts);
        }
        c.rewind(mark);
        return Optional.empty();
    }

    /** One or more search keys separated by spaces: their conjunction. */
    private SearchKey keys(ImapCursor c) throws SyntaxException {
        List<SearchKey> list = new ArrayList<>();
        do {
            list.add(key(c));
        } while (c.accept(' '));
        return list.size() == 1 ? list.getFirst() : new SearchKey.And(list);
    }

    private SearchKey key(ImapCursor c) throws SyntaxException {
        if (++keys > MAX_KEYS) {
            throw c.error("too many search keys");
        }
        if (c.acceptOpen()) {
            List<SearchKey> list = new ArrayList<>();
            do {
                list.add(key(c));
            } while (c.accept(' '));
            c.expectClose();
            return list.size() == 1 ? list.getFirst() : new SearchKey.And(list);
        }
        int p = c.peek();
        if (p == '$' || p == '*' || (p >= '0' && p <= '9')) {
            return new SearchKey.Sequence(c.sequenceSet(), false);
        }
        String name = c.atom().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "ALL" -> new SearchKey.All();
            case "ANSWERED" -> new SearchKey.Flag("\\Answered", true);
            case "DELETED" -> new SearchKey.Flag("\\Deleted", true);
            case "DRAFT" -> new SearchKey.Flag("\\Draft", true);
            case "FLAGGED" -> new SearchKey.Flag("\\Flagged", true);
            case "SEEN" -> new SearchKey.Flag("\\Seen", true);
            case "UNANSWERED" -> new SearchKey.Flag("\\Answered", false);
            case "UNDELETED" -> new SearchKey.Flag("\\Deleted", false);
            case "UNDRAFT" -> new SearchKey.Flag("\\Draft", false);
            case "UNFLAGGED" -> new SearchKey.Flag("\\Flagged", false);
            case "UNSEEN" -> new SearchKey.Flag("\\Seen", false);
            case "KEYWORD" -> new SearchKey.Flag(spAtom(c), true);
            case "UNKEYWORD" -> new SearchKey.Flag(spAtom(c), false);
            // RFC 3501 §6.4.4: NEW is RECENT UNSEEN
            case "NEW" -> new SearchKey.And(List.of(new SearchKey.Recent(true), new SearchKey.Flag("\\Seen", false)));
            case "RECENT" -> new SearchKey.Recent(true);
            case "OLD" -> new SearchKey.Recent(false);
            case "BCC", "CC", "FROM", "SUBJECT", "TO" -> new SearchKey.Header(name, spString(c));
            case "HEADER" -> new SearchKey.Header(spString(c).toUpperCase(Locale.ROOT), spString(c));
            case "BODY" -> new SearchKey.Body(spString(c));
            case "TEXT" -> new SearchKey.Text(spString(c));
            case "BEFORE" -> date(c, SearchKey.DateField.INTERNAL, SearchKey.DateOp.BEFORE);
            case "ON" -> date(c, SearchKey.DateField.INTERNAL, SearchKey.DateOp.ON);
            case "SINCE" -> date(c, SearchKey.DateField.INTERNAL, SearchKey.DateOp.SINCE);
            case "SENTBEFORE" -> date(c, SearchKey.DateField.SENT, SearchKey.DateOp.BEFORE);
            case "SENTON" -> date(c, SearchKey.DateField.SENT, SearchKey.DateOp.ON);
            case "SENTSINCE" -> date(c, SearchKey.DateField.SENT, SearchKey.DateOp.SINCE);
            case "SAVEDBEFORE" -> date(c, SearchKey.DateField.SAVED, SearchKey.DateOp.BEFORE);
            case "SAVEDON" -> date(c, SearchKey.DateField.SAVED, SearchKey.DateOp.ON);
            case "SAVEDSINCE" -> date(c, SearchKey.DateField.SAVED, SearchKey.DateOp.SINCE);
            case "SAVEDATESUPPORTED" -> new SearchKey.SaveDateSupported();
            case "LARGER" -> new SearchKey.Larger(spNumber(c));
            case "SMALLER" -> new SearchKey.Smaller(spNumber(c));
            case "UID" -> {
                c.sp();
                yield new SearchKey.Sequence(c.sequenceSet(), true);
            }
            case "NOT" -> {
                c.sp();
                yield new SearchKey.Not(key(c));
            }
            case "OR" -> {
                c.sp();
                SearchKey left = key(c);
                c.sp();
                yield new SearchKey.Or(left, key(c));
            }
            case "MODSEQ" -> modSeq(c);
            case "YOUNGER" -> new SearchKey.Within(spNumber(c), true);
            case "OLDER" -> new SearchKey.Within(spNumber(c), false);
            case "EMAILID" -> new SearchKey.ObjectId(false, spAtom(c));
            case "THREADID" -> new SearchKey.ObjectId(true, spAtom(c));
            default -> throw c.error("unknown search key");
        };
    }

    /** RFC 7162 §3.1.5: MODSEQ [SP entry-name SP entry-type-req] SP mod-sequence-valzer. */
    private static SearchKey modSeq(ImapCursor c) throws SyntaxException {
        c.sp();
        if (c.peek() == '"') {
            c.string();
            c.sp();
            c.atom();
            c.sp();
        }
        return new SearchKey.ModSeq(c.number());
    }

    private static SearchKey date(ImapCursor c, SearchKey.DateField field, SearchKey.DateOp op) throws SyntaxException {
        c.sp();
        String text = c.peek() == '"' ? c.string() : c.atom();
        return new SearchKey.Date(field, op, DateTimes.parseDate(c, text));
    }

    private static String spString(ImapCursor c) throws SyntaxException {
        c.sp();
        return c.astring();
    }

    private static String spAtom(ImapCursor c) throws SyntaxException {
        c.sp();
        return c.atom();
    }

    private static long spNumber(ImapCursor c) throws SyntaxException {
        c.sp();
        return c.number();
    }
}
