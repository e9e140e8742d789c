package dev.facteur.imap.server;

import dev.facteur.core.mime.BaseSubject;
import dev.facteur.core.mime.MessageSummaries;
import dev.facteur.core.mime.MessageSummary;
import dev.facteur.imap.proto.Command;
import dev.facteur.imap.proto.ImapResponse;
import dev.facteur.imap.proto.SearchKey;
import dev.facteur.imap.proto.Value;
import dev.facteur.store.BlobId;
import dev.facteur.store.MessageRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** SEARCH (RFC 9051 §6.4.4, RFC 4731 ESEARCH, RFC 5182 SEARCHRES), SORT and THREAD (RFC 5256). */
final class SearchCommands {

    /** Messages per query when rows are read. */
    private static final int CHUNK = 256;

    private final SessionContext ctx;

    SearchCommands(SessionContext ctx) {
        this.ctx = ctx;
    }

    ImapResponse search(SessionState.Selected sel, Command.Search cmd) throws CommandFailure {
        checkCharset(cmd.charset().orElse("US-ASCII"));
        List<Integer> hits = matching(sel.view(), cmd.key());
        boolean modSeqKey = usesModSeq(cmd.key());
        if (modSeqKey) {
            ctx.enableCondstore(sel.view()); // RFC 7162 §3.1: a MODSEQ search key enables CONDSTORE
        }
        Optional<Set<String>> returns = cmd.returns();
        if (returns.isEmpty() && ctx.rev2()) {
            returns = Optional.of(Set.of()); // RFC 9051 §6.4.4: IMAP4rev2 answers with ESEARCH
        }
        List<Long> numbers = new ArrayList<>(hits.size());
        for (int seq : hits) {
            numbers.add(cmd.uid() ? sel.view().uidAt(seq) : seq);
        }
        long highestModSeq = hits.stream().mapToLong(s -> sel.view().modSeqAt(s)).max().orElse(0);
        if (returns.isEmpty()) {
            List<Value> v = new ArrayList<>();
            v.add(Value.atom("SEARCH"));
            numbers.forEach(n -> v.add(Value.num(n)));
            if (modSeqKey && !hits.isEmpty()) {
                v.add(Value.list(Value.atom("MODSEQ"), Value.num(highestModSeq))); // RFC 7162 §3.1.5
            }
            ctx.untagged(new ImapResponse.Data(v));
        } else {
            esearch(sel, cmd.tag(), cmd.uid(), returns.get(), numbers, hits, modSeqKey ? highestModSeq : 0);
        }
        return ImapResponse.ok(cmd.tag(), "SEARCH completed");
    }

    private void esearch(SessionState.Selected sel, String tag, boolean uid, Set<String> opts, List<Long> numbers,
                         List<Integer> hits, long modSeq) {
        Set<String> o = opts.isEmpty() ? Set.of("ALL") : opts; // RFC 4731 §3.1: () means ALL
        if (o.contains("SAVE")) {
            // RFC 5182 §2.1: SAVE keeps the result (as UIDs) for "$"
            sel.view().saveResult(hits.stream().map(s -> sel.view().uidAt(s)).toList());
            if (o.size() == 1) {
                return; // RFC 5182 §2.1: SAVE alone returns no ESEARCH
            }
        }
        List<Value> v = new ArrayList<>();
        v.add(Value.atom("ESEARCH"));
        v.add(Value.list(Value.atom("TAG"), Value.str(tag))); // RFC 4731 §3.1 search-correlator
        if (uid) {
            v.add(Value.atom("UID"));
        }
        if (!numbers.isEmpty()) {
            if (o.contains("MIN")) {
                v.add(Value.atom("MIN"));
                v.add(Value.num(numbers.getFirst()));
            }
            if (o.contains("MAX")) {
                v.add(Value.atom("MAX"));
                v.add(Value.num(numbers.getLast()));
            }
            if (o.contains("ALL")) {
                v.add(Value.atom("ALL"));
                v.add(Value.atom(UidSets.format(numbers)));
            }
        }
        if (o.contains("COUNT")) {
            v.add(Value.atom("COUNT"));
            v.add(Value.num(numbers.size()));
        }
        if (modSeq > 0 && !hits.isEmpty()) {
            long reported = modSeq;
            if (!o.contains("ALL") && !o.contains("COUNT")) {
                // RFC 4731 §3.2 / RFC 7162 §3.1.5: with only MIN and/or MAX, the highest MODSEQ of those returned
                reported = 0;
                if (o.contains("MIN")) {
                    reported = sel.view().modSeqAt(hits.getFirst());
                }
                if (o.contains("MAX")) {
                    reported = Math.max(reported, sel.view().modSeqAt(hits.getLast()));
                }
            }
            v.add(Value.atom("MODSEQ"));
            v.add(Value.num(reported));
        }
        ctx.untagged(new ImapResponse.Data(v));
    }

    /**
     * Sequence numbers of the messages matching {@code key}, ascending. Per chunk, one query: none
     * for a key the view answers; the cached headers for a key on header fields only (the rows of
     * those messages without one); the rows otherwise.
     */
    List<Integer> matching(MailboxView view, SearchKey key) throws CommandFailure {
        SearchEvaluator eval = new SearchEvaluator(view, ctx.store.blobs(), ctx.clock.instant());
        SearchEvaluator.Need need = SearchEvaluator.need(key);
        List<Integer> hits = new ArrayList<>();
        try {
            for (int from = 1; from <= view.size(); from += CHUNK) {
                int to = Math.min(view.size() + 1, from + CHUNK);
                List<Long> uids = uids(view, from, to);
                Map<Long, byte[]> headers = need == SearchEvaluator.Need.HEADER
                        ? ctx.store.mailboxes().headers(view.mailboxId(), uids) : Map.of();
                List<Long> wanted = switch (need) {
                    case VIEW -> List.of();
                    case HEADER -> uids.stream().filter(u -> !headers.containsKey(u)).toList();
                    case ROW, OCTETS -> uids;
                };
                Map<Long, MessageRecord> loaded = view.load(ctx.store.mailboxes(), wanted);
                Map<BlobId, byte[]> octets = need == SearchEvaluator.Need.OCTETS // BODY, TEXT: one query per chunk
                        ? ChunkOctets.read(ctx.store.blobs(), loaded.values()) : Map.of();
                for (int seq = from; seq < to; seq++) {
                    long uid = uids.get(seq - from);
                    MessageRecord row = loaded.get(uid);
                    byte[] header = headers.get(uid);
                    // a message expunged by another session meanwhile matches no key that needs its data
                    boolean present = need == SearchEvaluator.Need.VIEW || row != null || header != null;
                    byte[] raw = row == null ? null : octets.get(row.blob());
                    if (present && eval.matches(seq, row, header, raw, key)) {
                        hits.add(seq);
                    }
                }
            }
        } catch (UncheckedIOException | IOException e) {
            throw CommandFailure.no("SERVERBUG", "a message could not be read");
        }
        return hits;
    }

    private static List<Long> uids(MailboxView view, int fromSeq, int toSeq) {
        List<Long> uids = new ArrayList<>(toSeq - fromSeq);
        for (int seq = fromSeq; seq < toSeq; seq++) {
            uids.add(view.uidAt(seq));
        }
        return uids;
    }

    /** The stored rows of the messages at {@code seqs}, by sequence number (SORT and THREAD). */
    private Map<Integer, MessageRecord> rows(MailboxView view, List<Integer> seqs) {
        Map<Integer, MessageRecord> out = java.util.HashMap.newHashMap(seqs.size());
        for (int from = 0; from < seqs.size(); from += CHUNK) {
            List<Integer> chunk = seqs.subList(from, Math.min(seqs.size(), from + CHUNK));
            Map<Long, MessageRecord> loaded = view.load(ctx.store.mailboxes(), chunk.stream().map(view::uidAt).toList());
            for (int seq : chunk) {
                MessageRecord r = loaded.get(view.uidAt(seq));
                if (r != null) {
                    out.put(seq, r);
                }
            }
        }
        return out;
    }

    private static void checkCharset(String charset) throws CommandFailure {
        String c = charset.toUpperCase(Locale.ROOT);
        if (!c.equals("UTF-8") && !c.equals("US-ASCII")) {
            throw CommandFailure.no("BADCHARSET (UTF-8 US-ASCII)", "unsupported charset"); // RFC 9051 §6.4.4
        }
    }

    private static boolean usesModSeq(SearchKey key) {
        return switch (key) {
            case SearchKey.ModSeq m -> true;
            case SearchKey.Not n -> usesModSeq(n.key());
            case SearchKey.Or o -> usesModSeq(o.left()) || usesModSeq(o.right());
            case SearchKey.And a -> a.keys().stream().anyMatch(SearchCommands::usesModSeq);
            default -> false;
        };
    }

    ImapResponse sort(SessionState.Selected sel, Command.Sort cmd) throws CommandFailure {
        checkCharset(cmd.charset());
        MailboxView view = sel.view();
        // a message expunged by another session meanwhile has no row left to sort by: left out
        Map<Integer, MessageRecord> rows = rows(view, matching(view, cmd.key()));
        List<Integer> hits = rows.keySet().stream().sorted().toList();
        Comparator<Integer> order = null;
        for (Command.SortCriterion c : cmd.criteria()) {
            Comparator<Integer> next = criterion(rows, c.key());
            if (c.reverse()) {
                next = next.reversed();
            }
            order = order == null ? next : order.thenComparing(next);
        }
        // RFC 5256 §3: ties are broken by sequence number
        Comparator<Integer> full = order == null ? Comparator.naturalOrder() : order.thenComparing(Comparator.naturalOrder());
        List<Integer> sorted = hits.stream().sorted(full).toList();
        List<Value> v = new ArrayList<>();
        if (cmd.returns().isPresent()) {
            List<Long> numbers = sorted.stream().map(s -> cmd.uid() ? view.uidAt(s) : (long) s).toList();
            v.add(Value.atom("ESEARCH"));
            v.add(Value.list(Value.atom("TAG"), Value.str(cmd.tag())));
            if (cmd.uid()) {
                v.add(Value.atom("UID"));
            }
            if (!numbers.isEmpty()) {
                v.add(Value.atom("ALL"));
                v.add(Value.atom(UidSets.ordered(numbers)));
            }
        } else {
            v.add(Value.atom("SORT"));
            sorted.forEach(s -> v.add(Value.num(cmd.uid() ? view.uidAt(s) : s)));
        }
        ctx.untagged(new ImapResponse.Data(v));
        return ImapResponse.ok(cmd.tag(), "SORT completed");
    }

    private static Comparator<Integer> criterion(Map<Integer, MessageRecord> rows, String key) {
        SummaryCache cache = new SummaryCache(rows);
        return switch (key) {
            case "ARRIVAL" -> Comparator.comparing(s -> rows.get(s).internalDate());
            case "SIZE" -> Comparator.comparingLong(s -> rows.get(s).size());
            case "DATE" -> Comparator.comparingLong(s -> sentOrInternal(rows.get(s), cache.get(s)));
            case "SUBJECT" -> Comparator.comparing(s -> BaseSubject.key(cache.get(s).baseSubject()));
            // RFC 5256 §3: strings compare with i;ascii-casemap (upper case, RFC 4790 §9.2)
            case "FROM" -> Comparator.comparing(s -> BaseSubject.key(cache.get(s).fromKey()));
            case "TO" -> Comparator.comparing(s -> BaseSubject.key(cache.get(s).toKey()));
            case "CC" -> Comparator.comparing(s -> BaseSubject.key(cache.get(s).ccKey()));
            case "DISPLAYFROM" -> Comparator.comparing(s -> BaseSubject.key(cache.get(s).fromDisplay()));
            case "DISPLAYTO" -> Comparator.comparing(s -> BaseSubject.key(cache.get(s).toDisplay()));
            default -> throw new IllegalArgumentException("sort key checked by the parser: " + key);
        };
    }

    /** RFC 5256 §3 DATE: the sent date, or the internal date when it is missing or invalid. */
    static long sentOrInternal(MessageRecord r, MessageSummary s) {
        return s.sentDateMillis() != null ? s.sentDateMillis() : r.internalDate().toEpochMilli();
    }

    ImapResponse thread(SessionState.Selected sel, Command.Thread cmd) throws CommandFailure {
        checkCharset(cmd.charset());
        MailboxView view = sel.view();
        Map<Integer, MessageRecord> rows = rows(view, matching(view, cmd.key()));
        List<Integer> hits = rows.keySet().stream().sorted().toList();
        SummaryCache cache = new SummaryCache(rows);
        List<Threading.Message> messages = new ArrayList<>(hits.size());
        for (int seq : hits) {
            MessageSummary s = cache.get(seq);
            messages.add(new Threading.Message(cmd.uid() ? view.uidAt(seq) : seq, sentOrInternal(rows.get(seq), s), s));
        }
        String threads = cmd.algorithm().equals("REFERENCES") ? Threading.references(messages) : Threading.orderedSubject(messages);
        List<Value> v = new ArrayList<>();
        v.add(Value.atom("THREAD"));
        if (!threads.isEmpty()) {
            v.add(Value.atom(threads));
        }
        ctx.untagged(new ImapResponse.Data(v));
        return ImapResponse.ok(cmd.tag(), "THREAD completed");
    }

    /** Decodes each summary once per command. */
    private static final class SummaryCache {
        private final Map<Integer, MessageRecord> rows;
        private final java.util.Map<Integer, MessageSummary> cache = new java.util.HashMap<>();

        SummaryCache(Map<Integer, MessageRecord> rows) {
            this.rows = rows;
        }

        MessageSummary get(int seq) {
            return cache.computeIfAbsent(seq, s -> MessageSummaries.decode(rows.get(s).summary()));
        }
    }
}
