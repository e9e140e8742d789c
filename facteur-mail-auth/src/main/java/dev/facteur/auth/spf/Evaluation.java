package dev.facteur.auth.spf;

import dev.facteur.auth.dns.DnsRecords;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.dns.DnsResult;
import dev.facteur.auth.spf.SpfRecord.Directive;
import dev.facteur.auth.spf.SpfRecord.Mechanism;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One check_host() evaluation with its shared counters (RFC 7208 §4.6.4). Not thread-safe: one per
 * message. Internal failures travel as {@link Abort} so that every path ends in a result.
 */
final class Evaluation {

    /** RFC 7208 §4.6.4: at most 10 terms that cause DNS queries. */
    static final int LOOKUP_LIMIT = 10;
    /** RFC 7208 §4.6.4: at most 2 void lookups. */
    static final int VOID_LIMIT = 2;
    /** RFC 7208 §4.6.4: at most 10 MX names, and 10 PTR names, per mechanism. */
    static final int NAME_LIMIT = 10;

    private final DnsResolver dns;
    private final InetAddress ip;
    private int lookups;
    private int voids;
    private String validated;

    Evaluation(DnsResolver dns, InetAddress ip) {
        this.dns = dns;
        this.ip = ip;
    }

    /** Thrown inside an evaluation to end it with a result (temperror or permerror). */
    static final class Abort extends Exception {
        final SpfResult result;

        Abort(SpfResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    SpfResult checkHost(String domain, MacroContext ctx, int depth) {
        // RFC 7208 §4.3: an invalid domain gives none.
        if (!SpfVerifier.isValidDomain(domain)) {
            return new SpfResult.None("not a valid domain: " + domain);
        }
        SpfRecord record;
        switch (SpfVerifier.lookupRecord(dns, domain)) {
            case SpfVerifier.SpfLookup.Failed f -> {
                return f.result();
            }
            case SpfVerifier.SpfLookup.Found f -> record = f.record();
        }
        try {
            return evaluate(record, ctx.withDomain(domain), depth);
        } catch (Abort a) {
            return a.result;
        } catch (SpfSyntaxException e) {
            return new SpfResult.PermError(e.getMessage());
        }
    }

    private SpfResult evaluate(SpfRecord record, MacroContext ctx, int depth) throws Abort, SpfSyntaxException {
        for (Directive d : record.directives()) {
            if (d.mechanism().queriesDns()) {
                countLookup();
            }
            if (matches(d.mechanism(), ctx, depth)) {
                return switch (d.qualifier()) {
                    case PASS -> new SpfResult.Pass(d.text());
                    case FAIL -> new SpfResult.Fail(d.text(), explain(record, ctx));
                    case SOFTFAIL -> new SpfResult.SoftFail(d.text());
                    case NEUTRAL -> new SpfResult.Neutral(d.text());
                };
            }
        }
        if (record.redirect().isPresent()) {
            // RFC 7208 §6.1: redirect counts as a DNS-querying term.
            countLookup();
            String target = targetDomain(record.redirect().get(), ctx);
            if (!SpfVerifier.isValidDomain(target)) {
                return new SpfResult.PermError("redirect to invalid domain " + target);
            }
            SpfResult r = checkHost(target, ctx, depth + 1);
            // RFC 7208 §6.1: a redirect target without a record is permerror.
            return r instanceof SpfResult.None ? new SpfResult.PermError("redirect target " + target + " has no SPF record") : r;
        }
        // RFC 7208 §4.7: no match and no redirect gives neutral.
        return new SpfResult.Neutral("default");
    }

    private void countLookup() throws Abort {
        if (++lookups > LOOKUP_LIMIT) {
            throw new Abort(new SpfResult.PermError("more than " + LOOKUP_LIMIT + " DNS-querying terms"));
        }
    }

    private void countVoid() throws Abort {
        if (++voids > VOID_LIMIT) {
            throw new Abort(new SpfResult.PermError("more than " + VOID_LIMIT + " void DNS lookups"));
        }
    }

    /**
     * A target that cannot be put in a DNS query (empty or over-long label) is treated as a
     * non-existent domain: the mechanism does not match (the suite's reading of RFC 7208 §4.3 and §5).
     */
    private static boolean unqueryable(String target) {
        return !dev.facteur.auth.dns.Names.isQueryable(target);
    }

    private boolean matches(Mechanism m, MacroContext ctx, int depth) throws Abort, SpfSyntaxException {
        return switch (m) {
            case Mechanism.All a -> true;
            case Mechanism.Ip4 net -> ip instanceof Inet4Address && IpAddresses.inNetwork(ip.getAddress(), net.network(), net.prefix());
            case Mechanism.Ip6 net -> !(ip instanceof Inet4Address) && IpAddresses.inNetwork(ip.getAddress(), net.network(), net.prefix());
            case Mechanism.A a -> matchesHost(targetOrCurrent(a.domainSpec(), ctx), a.prefix4(), a.prefix6(), true);
            case Mechanism.Mx mx -> matchesMx(targetOrCurrent(mx.domainSpec(), ctx), mx.prefix4(), mx.prefix6());
            case Mechanism.Ptr p -> matchesPtr(targetOrCurrent(p.domainSpec(), ctx));
            case Mechanism.Exists e -> matchesExists(targetDomain(e.domainSpec(), ctx));
            case Mechanism.Include inc -> matchesInclude(targetDomain(inc.domainSpec(), ctx), ctx, depth);
        };
    }

    private boolean matchesInclude(String target, MacroContext ctx, int depth) throws Abort {
        SpfResult r = checkHost(target, ctx, depth + 1);
        // RFC 7208 §5.2: the include table.
        return switch (r) {
            case SpfResult.Pass p -> true;
            case SpfResult.Fail f -> false;
            case SpfResult.SoftFail s -> false;
            case SpfResult.Neutral n -> false;
            case SpfResult.TempError t -> throw new Abort(t);
            case SpfResult.PermError p -> throw new Abort(p);
            case SpfResult.None n -> throw new Abort(new SpfResult.PermError("included domain " + target + " has no SPF record"));
        };
    }

    private boolean matchesExists(String target) throws Abort {
        if (unqueryable(target)) {
            return voidAnswer();
        }
        // RFC 7208 §5.7: always an A query, whatever the client's address family.
        DnsResult<Inet4Address> r = dns.a(target);
        return switch (r) {
            case DnsResult.Records<Inet4Address> rec -> true;
            case DnsResult.NxDomain<Inet4Address> n -> voidAnswer();
            case DnsResult.NoData<Inet4Address> n -> voidAnswer();
            case DnsResult.TempFailure<Inet4Address> f -> throw new Abort(new SpfResult.TempError("DNS " + f.cause() + " for " + target));
        };
    }

    private boolean voidAnswer() throws Abort {
        countVoid();
        return false;
    }

    private boolean matchesHost(String host, int prefix4, int prefix6, boolean countVoids) throws Abort {
        List<InetAddress> addresses = addresses(host, countVoids);
        for (InetAddress a : addresses) {
            int prefix = a instanceof Inet4Address ? prefix4 : prefix6;
            if (IpAddresses.inNetwork(ip.getAddress(), a.getAddress(), prefix)) {
                return true;
            }
        }
        return false;
    }

    /** A or AAAA records of a host, matching the client's family (RFC 7208 §5.3). */
    private List<InetAddress> addresses(String host, boolean countVoids) throws Abort {
        if (unqueryable(host)) {
            return List.of();
        }
        DnsResult<? extends InetAddress> r = ip instanceof Inet4Address ? dns.a(host) : dns.aaaa(host);
        return switch (r) {
            case DnsResult.Records<? extends InetAddress> rec -> new ArrayList<>(rec.values());
            case DnsResult.NxDomain<? extends InetAddress> n -> {
                if (countVoids) {
                    countVoid();
                }
                yield List.of();
            }
            case DnsResult.NoData<? extends InetAddress> n -> {
                if (countVoids) {
                    countVoid();
                }
                yield List.of();
            }
            case DnsResult.TempFailure<? extends InetAddress> f -> throw new Abort(new SpfResult.TempError("DNS " + f.cause() + " for " + host));
        };
    }

    private boolean matchesMx(String domain, int prefix4, int prefix6) throws Abort {
        if (unqueryable(domain)) {
            return false;
        }
        DnsResult<DnsRecords.Mx> r = dns.mx(domain);
        List<DnsRecords.Mx> mxs = switch (r) {
            case DnsResult.Records<DnsRecords.Mx> rec -> rec.values();
            case DnsResult.NxDomain<DnsRecords.Mx> n -> {
                countVoid();
                yield List.of();
            }
            case DnsResult.NoData<DnsRecords.Mx> n -> {
                countVoid();
                yield List.of();
            }
            case DnsResult.TempFailure<DnsRecords.Mx> f -> throw new Abort(new SpfResult.TempError("DNS " + f.cause() + " for MX " + domain));
        };
        // RFC 7208 §4.6.4: more than 10 MX names is permerror.
        if (mxs.size() > NAME_LIMIT) {
            throw new Abort(new SpfResult.PermError("more than " + NAME_LIMIT + " MX records at " + domain));
        }
        for (DnsRecords.Mx mx : mxs) {
            if (mx.exchange().isEmpty()) {
                continue; // RFC 7505: a null MX has no address to match.
            }
            if (matchesHost(mx.exchange(), prefix4, prefix6, false)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesPtr(String domain) throws Abort {
        for (String name : validatedNames()) {
            // RFC 7208 §5.5: a validated name equal to, or a sub-domain of, the target matches.
            if (name.equalsIgnoreCase(domain) || SpfVerifier.lower(name).endsWith("." + SpfVerifier.lower(domain))) {
                return true;
            }
        }
        return false;
    }

    /** RFC 7208 §5.5: PTR names whose forward lookup includes the client address (at most 10 tried). */
    private List<String> validatedNames() throws Abort {
        DnsResult<String> r = dns.reverse(ip);
        List<String> names = switch (r) {
            case DnsResult.Records<String> rec -> rec.values();
            case DnsResult.NxDomain<String> n -> {
                countVoid();
                yield List.of();
            }
            case DnsResult.NoData<String> n -> {
                countVoid();
                yield List.of();
            }
            // RFC 7208 §5.5: a DNS error on the PTR lookup means no match.
            case DnsResult.TempFailure<String> f -> List.of();
        };
        List<String> out = new ArrayList<>();
        for (String name : names.subList(0, Math.min(NAME_LIMIT, names.size()))) {
            DnsResult<? extends InetAddress> fwd = ip instanceof Inet4Address ? dns.a(name) : dns.aaaa(name);
            for (InetAddress a : fwd.values()) {
                if (a.equals(ip)) {
                    out.add(name);
                    break;
                }
            }
        }
        return out;
    }

    /** The "p" macro (RFC 7208 §7.3): a validated name, or "unknown". */
    String validatedName() {
        if (validated == null) {
            try {
                List<String> names = validatedNames();
                validated = names.isEmpty() ? "unknown" : names.getFirst();
            } catch (Abort a) {
                validated = "unknown";
            }
        }
        return validated;
    }

    private String targetOrCurrent(String spec, MacroContext ctx) throws Abort {
        return spec.isEmpty() ? ctx.domain() : targetDomain(spec, ctx);
    }

    /** Expands a domain-spec and shortens it to 253 octets from the left (RFC 7208 §7.3). */
    private String targetDomain(String spec, MacroContext ctx) throws Abort {
        String expanded;
        try {
            expanded = MacroExpander.expand(spec, ctx, false);
        } catch (SpfSyntaxException e) {
            throw new Abort(new SpfResult.PermError(e.getMessage()));
        }
        if (expanded.endsWith(".")) {
            expanded = expanded.substring(0, expanded.length() - 1);
        }
        while (expanded.length() > 253 && expanded.indexOf('.') >= 0) {
            expanded = expanded.substring(expanded.indexOf('.') + 1);
        }
        return expanded;
    }

    /** RFC 7208 §6.2: the explanation string, or empty on any error. */
    private Optional<String> explain(SpfRecord record, MacroContext ctx) {
        if (record.exp().isEmpty()) {
            return Optional.empty();
        }
        try {
            String domain = targetDomain(record.exp().get(), ctx);
            DnsResult<DnsRecords.Txt> r = dns.txt(domain);
            if (!(r instanceof DnsResult.Records<DnsRecords.Txt> rec) || rec.values().size() != 1) {
                return Optional.empty();
            }
            String text = rec.values().getFirst().text();
            // RFC 7208 §6.2: the explanation is printable US-ASCII.
            if (!text.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
                return Optional.empty();
            }
            return Optional.of(MacroExpander.expand(text, ctx, true));
        } catch (Abort | SpfSyntaxException e) {
            return Optional.empty();
        }
    }
}
