package dev.facteur.toolkit.check;

import dev.facteur.auth.dmarc.DmarcDiscovery;
import dev.facteur.auth.dns.DnsResult;
import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Printable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A lint of the DMARC policy that applies to a domain, found by the DNS tree walk of RFC 9989
 * §4.10: policy, sub-domain and non-existent-domain policies, testing mode, alignment modes,
 * and the rua/ruf destinations with their external authorisation (§4.7.3 / RFC 7489 §7.1).
 */
final class DmarcCheck {

    private static final String AREA = "dmarc";
    private static final Set<String> POLICIES = Set.of("none", "quarantine", "reject");

    /** The record found and where: the walk's answer. */
    record Found(String at, String record) {
    }

    private final CheckContext ctx;

    DmarcCheck(CheckContext ctx) {
        this.ctx = ctx;
    }

    /** Runs the walk and the lint; returns the policy record found, if any. */
    Optional<Found> run(String domain) {
        Optional<Found> found = walk(domain);
        if (found.isEmpty()) {
            return found;
        }
        Found f = found.get();
        if (!f.at().equals(domain)) {
            ctx.add(Finding.ok(AREA, "dmarc-inherited", "No DMARC record at _dmarc." + domain + "; the tree walk found the one at _dmarc." + f.at() + ", whose sp= (or p=) applies."));
        }
        lint(domain, f);
        return found;
    }

    private Optional<Found> walk(String domain) {
        // RFC 9989 §4.10.1: the names of the tree walk, as dev.facteur.auth.dmarc computes them.
        for (String name : DmarcDiscovery.walk(domain)) {
            DnsResult<String> r = ctx.txtStartingWith("_dmarc." + name, "v=DMARC1");
            switch (r) {
                case DnsResult.Records<String> rec -> {
                    if (rec.values().size() > 1) {
                        // RFC 9989 §4.10.1: several records at one name count as none.
                        ctx.add(Finding.error(AREA, "dmarc-multiple", "_dmarc." + name + " has " + rec.values().size() + " DMARC records; receivers then ignore them all.",
                                "Keep exactly one TXT record starting with v=DMARC1 at _dmarc." + name + "."));
                        return Optional.empty();
                    }
                    return Optional.of(new Found(name, rec.values().getFirst()));
                }
                case DnsResult.TempFailure<String> f -> {
                    ctx.temporary(AREA, "the DMARC record at _dmarc." + name, f);
                    return Optional.empty();
                }
                default -> { }
            }
        }
        ctx.add(Finding.warn(AREA, "dmarc-none", "No DMARC policy applies to " + domain + " (none at _dmarc." + domain + " or above), so receivers get no instructions for mail that fails SPF and DKIM, and large mailbox providers ask bulk senders for one.",
                "_dmarc." + domain + ". TXT \"v=DMARC1; p=none; rua=mailto:dmarc-reports@" + domain + "\""));
        return Optional.empty();
    }

    private void lint(String domain, Found f) {
        Tags tags;
        try {
            tags = Tags.parse(f.record());
        } catch (Tags.SyntaxException e) {
            syntax(f, e.getMessage());
            return;
        }
        // RFC 9989: v=DMARC1 must be the first tag.
        if (!tags.firstName().equals("v") || !tags.get("v").orElse("").equals("DMARC1")) {
            syntax(f, "v=DMARC1 is not the first tag");
            return;
        }
        for (String t : List.of("p", "sp", "np")) {
            Optional<String> v = tags.get(t).map(s -> s.toLowerCase(Locale.ROOT));
            if (v.isPresent() && !POLICIES.contains(v.get())) {
                syntax(f, t + "=" + v.get() + " is not none, quarantine or reject");
                return;
            }
        }
        policy(domain, f, tags);
        for (String obsolete : List.of("pct", "rf", "ri")) {
            if (tags.get(obsolete).isPresent()) {
                ctx.add(Finding.warn(AREA, "dmarc-obsolete-tag", "The tag " + obsolete + "= was removed by RFC 9989 and is ignored by receivers that follow it" + (obsolete.equals("pct") ? "; use t=y for a testing rollout." : "."),
                        "Remove " + obsolete + "= from _dmarc." + f.at() + "."));
            }
        }
        if ("y".equalsIgnoreCase(tags.get("t").orElse("n"))) {
            ctx.add(Finding.warn(AREA, "dmarc-testing", "The policy is in testing mode (t=y): receivers apply one level less than the stated policy (RFC 9989).",
                    "Remove t=y once reports show your mail aligns."));
        }
        String adkim = tags.get("adkim").orElse("r");
        String aspf = tags.get("aspf").orElse("r");
        ctx.add(Finding.ok(AREA, "dmarc-alignment", "Alignment: DKIM " + mode(adkim) + ", SPF " + mode(aspf)
                + " (RFC 9989: relaxed accepts any domain under the same organisational domain, strict needs the exact From domain)."));
        DmarcDiscovery discovery = new DmarcDiscovery(ctx.dns());
        ReportUris.check(ctx, f.at(), tags.get("rua"), "rua", discovery);
        if (tags.get("ruf").isPresent()) {
            ReportUris.check(ctx, f.at(), tags.get("ruf"), "ruf", discovery);
        }
    }

    private void policy(String domain, Found f, Tags tags) {
        boolean self = f.at().equals(domain);
        Optional<String> p = tags.get("p").map(s -> s.toLowerCase(Locale.ROOT));
        String effective = self ? p.orElse("none") : tags.get("sp").or(() -> p).orElse("none").toLowerCase(Locale.ROOT);
        if (p.isEmpty()) {
            // RFC 9989: without p= a record with rua= is read as p=none.
            ctx.add(Finding.warn(AREA, "dmarc-no-policy", "The DMARC record at _dmarc." + f.at() + " has no p= tag, so it is read as p=none.",
                    "_dmarc." + f.at() + ". TXT \"" + Printable.of(f.record(), 200) + "; p=quarantine\""));
        }
        if (effective.equals("none")) {
            ctx.add(Finding.warn(AREA, "dmarc-policy-none", "The DMARC policy for " + domain + " is p=none: receivers only report failures and still deliver forged mail.",
                    "When reports show your own mail passes, publish p=quarantine, then p=reject, at _dmarc." + f.at() + "."));
        } else {
            ctx.add(Finding.ok(AREA, "dmarc-policy", "The DMARC policy for " + domain + " is " + effective + ": mail that fails DMARC is " + (effective.equals("reject") ? "refused." : "sent to spam.")));
        }
    }

    private static String mode(String m) {
        return m.equalsIgnoreCase("s") ? "strict" : "relaxed";
    }

    private void syntax(Found f, String why) {
        ctx.add(Finding.error(AREA, "dmarc-syntax", "The DMARC record at _dmarc." + f.at() + " is invalid (" + Printable.of(why, 120) + "), so receivers ignore it.",
                "_dmarc." + f.at() + ". TXT \"v=DMARC1; p=none; rua=mailto:dmarc-reports@" + f.at() + "\""));
    }
}
