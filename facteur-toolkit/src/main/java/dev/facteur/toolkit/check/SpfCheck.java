package dev.facteur.toolkit.check;

import dev.facteur.auth.dns.DnsResult;
import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Printable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A lint of the SPF records reachable from a domain (RFC 7208): one record, its terms, the DNS
 * lookup count over the include/redirect chain against the limit of 10 (§4.6.4), void lookups
 * (limit 2), and {@code +all}/{@code ?all}. It does not evaluate SPF for a client address; that is
 * {@code dev.facteur.auth.spf.SpfVerifier}'s job (used by the message analyser).
 */
final class SpfCheck {

    private static final String AREA = "spf";
    /** RFC 7208 §4.6.4: at most 10 mechanisms and modifiers that query the DNS. */
    static final int LOOKUP_LIMIT = 10;
    /** RFC 7208 §4.6.4: at most 2 lookups returning no answer. */
    static final int VOID_LIMIT = 2;
    private static final Set<String> MECHANISMS = Set.of("all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists");

    private final CheckContext ctx;
    private int lookups;
    private int voids;
    private final List<String> chain = new ArrayList<>();
    private final Set<String> visited = new HashSet<>();
    private boolean syntaxError;

    SpfCheck(CheckContext ctx) {
        this.ctx = ctx;
    }

    void run(String domain) {
        DnsResult<String> r = ctx.txtStartingWith(domain, "v=spf1");
        switch (r) {
            case DnsResult.NxDomain<String> n -> { }
            case DnsResult.TempFailure<String> f -> ctx.temporary(AREA, "the SPF record of " + domain, f);
            case DnsResult.NoData<String> n -> ctx.add(Finding.warn(AREA, "spf-none", domain + " publishes no SPF record, so receivers cannot tell which servers may send its mail.",
                    domain + ". TXT \"v=spf1 mx -all\""));
            case DnsResult.Records<String> rec -> top(domain, rec.values());
        }
    }

    private void top(String domain, List<String> records) {
        if (records.size() > 1) {
            // RFC 7208 §4.5: more than one record is a permerror.
            ctx.add(Finding.error(AREA, "spf-multiple", domain + " publishes " + records.size() + " SPF records; RFC 7208 §4.5 makes that a permanent error, so SPF fails for all its mail.",
                    "Merge them into one TXT record starting with v=spf1."));
            return;
        }
        String record = records.getFirst();
        walk(domain, record, 0);
        if (syntaxError) {
            return;
        }
        String shown = String.join(" → ", chain);
        if (lookups > LOOKUP_LIMIT) {
            ctx.add(Finding.error(AREA, "spf-too-many-lookups", "SPF needs " + lookups + " DNS lookups, more than the limit of 10 (RFC 7208 §4.6.4), so it ends in permerror: " + shown + ".",
                    "Replace includes by ip4:/ip6: ranges or drop senders you no longer use, to stay at 10 lookups or fewer."));
        } else {
            ctx.add(Finding.ok(AREA, "spf-lookups", "SPF needs " + lookups + " of at most 10 DNS lookups: " + shown + "."));
        }
        if (voids > VOID_LIMIT) {
            ctx.add(Finding.error(AREA, "spf-void-lookups", "SPF hits " + voids + " lookups with no answer, more than the 2 RFC 7208 §4.6.4 allows, so it may end in permerror.",
                    "Remove the a/mx/include terms that name hosts without records."));
        }
        allTerm(domain, record);
    }

    private void allTerm(String domain, String record) {
        String lower = record.toLowerCase(Locale.ROOT);
        List<String> terms = List.of(lower.split("\\s+"));
        if (terms.contains("+all") || terms.contains("all")) {
            ctx.add(Finding.error(AREA, "spf-pass-all", "The SPF record of " + domain + " ends in +all, which authorises every server on the Internet to send as " + domain + ".",
                    domain + ". TXT \"" + record.replaceAll("(?i)(^|\\s)\\+?all\\b", "$1-all") + "\""));
        } else if (terms.contains("?all")) {
            ctx.add(Finding.warn(AREA, "spf-neutral-all", "The SPF record of " + domain + " ends in ?all, which says nothing about other servers, so forged mail gets no SPF fail.",
                    domain + ". TXT \"" + record.replaceAll("(?i)\\?all\\b", "~all") + "\" (or -all once all senders are listed)"));
        } else if (terms.stream().noneMatch(t -> t.endsWith("all") || t.startsWith("redirect="))) {
            ctx.add(Finding.warn(AREA, "spf-no-all", "The SPF record of " + domain + " has neither an all term nor a redirect, so unlisted servers get neutral.",
                    domain + ". TXT \"" + record + " -all\""));
        } else {
            ctx.add(Finding.ok(AREA, "spf-policy", "The SPF record of " + domain + " is: " + Printable.of(record, 300)));
        }
    }

    /** Counts the lookups of {@code record} at {@code name} and follows includes and redirect. */
    private void walk(String name, String record, int depth) {
        if (!visited.add(name)) {
            ctx.add(Finding.error(AREA, "spf-loop", "The SPF include/redirect chain loops back to " + name + ", which ends in permerror.",
                    "Remove the include or redirect that leads back to " + name + "."));
            syntaxError = true;
            return;
        }
        if (lookups > LOOKUP_LIMIT || depth > 2 * LOOKUP_LIMIT) {
            // Evaluation stops here with permerror; the rest of the chain does not matter.
            chain.add(name + "[…]");
            return;
        }
        List<String> mine = new ArrayList<>();
        List<String[]> next = new ArrayList<>();
        for (String term : record.strip().split("\\s+")) {
            String t = term.toLowerCase(Locale.ROOT);
            if (t.equals("v=spf1")) {
                continue;
            }
            String body = t.isEmpty() || "+-~?".indexOf(t.charAt(0)) < 0 ? t : t.substring(1);
            int sep = indexOfAny(body, ":/=");
            String mech = sep < 0 ? body : body.substring(0, sep);
            String arg = sep < 0 || body.charAt(sep) == '/' ? "" : body.substring(sep + 1);
            if (body.contains("=") && (sep < 0 || body.charAt(sep) == '=')) {
                if (mech.equals("redirect")) {
                    lookups++;
                    mine.add(t);
                    next.add(new String[] {"redirect", arg});
                } else if (!mech.matches("[a-z][a-z0-9_.-]*")) {
                    syntax(name, term);
                    return;
                }
                continue;
            }
            if (!MECHANISMS.contains(mech)) {
                // RFC 7208 §4.6.1: an unknown mechanism is a permerror.
                syntax(name, term);
                return;
            }
            switch (mech) {
                case "include", "a", "mx", "ptr", "exists" -> {
                    lookups++;
                    mine.add(t);
                    if (mech.equals("include")) {
                        next.add(new String[] {"include", arg});
                    } else if (!arg.contains("%") && !mech.equals("ptr")) {
                        voidCheck(mech, arg.isEmpty() ? name : arg.split("/")[0]);
                    }
                    if (mech.equals("ptr")) {
                        ctx.add(Finding.warn(AREA, "spf-ptr", "The SPF record of " + name + " uses ptr, which RFC 7208 §5.5 says should not be used: it is slow and unreliable.",
                                "Replace ptr by the ip4:/ip6: ranges of your servers."));
                    }
                }
                default -> { }
            }
        }
        chain.add(name + "[" + String.join(" ", mine) + "]");
        for (String[] n : next) {
            if (n[1].contains("%")) {
                continue;
            }
            DnsResult<String> r = ctx.txtStartingWith(n[1], "v=spf1");
            switch (r) {
                case DnsResult.Records<String> rec -> walk(n[1], rec.values().getFirst(), depth + 1);
                case DnsResult.TempFailure<String> f -> ctx.temporary(AREA, "the SPF record of " + n[1], f);
                default -> {
                    voids++;
                    // RFC 7208 §5.2 and §6.1: an include or redirect to a domain without SPF is a permerror.
                    ctx.add(Finding.error(AREA, "spf-include-missing", "The SPF " + n[0] + " of " + n[1] + " (from " + name + ") finds no SPF record, which makes SPF end in permerror.",
                            "Remove the " + n[0] + ":" + n[1] + " term or publish an SPF record at " + n[1] + "."));
                }
            }
        }
    }

    private void voidCheck(String mech, String target) {
        DnsResult<?> r = mech.equals("mx") ? ctx.dns().mx(target) : ctx.dns().a(target);
        if (r.isEmptyAnswer() && (mech.equals("mx") || ctx.dns().aaaa(target).isEmptyAnswer())) {
            voids++;
        }
    }

    private void syntax(String name, String term) {
        syntaxError = true;
        ctx.add(Finding.error(AREA, "spf-syntax", "The SPF record of " + name + " contains \"" + Printable.of(term, 80) + "\", which is not a valid SPF term, so SPF ends in permerror (RFC 7208 §4.6).",
                "Fix or remove the term; the valid mechanisms are all, include, a, mx, ptr, ip4, ip6 and exists."));
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
