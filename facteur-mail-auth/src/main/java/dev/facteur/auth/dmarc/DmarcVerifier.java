package dev.facteur.auth.dmarc;

import dev.facteur.auth.dkim.DkimResult;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.dns.DnsResult;
import dev.facteur.auth.message.MailMessage;
import dev.facteur.auth.spf.SpfResult;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Evaluates DMARC for a message given its SPF and DKIM results (RFC 9989 §4.8). Thread-safe. */
public final class DmarcVerifier {

    private final DnsResolver dns;
    private final DmarcDiscovery discovery;

    public DmarcVerifier(DnsResolver dns) {
        this.dns = dns;
        this.discovery = new DmarcDiscovery(dns);
    }

    public DmarcDiscovery discovery() {
        return discovery;
    }

    /**
     * @param message   the message (its From header gives the author domain)
     * @param spf       the SPF result of the MAIL FROM identity (or HELO when the reverse-path was null)
     * @param spfDomain the domain SPF checked
     * @param dkim      the DKIM results
     */
    public DmarcResult evaluate(MailMessage message, SpfResult spf, String spfDomain, List<DkimResult> dkim) {
        try {
            Set<String> domains = AuthorDomains.of(message);
            if (domains.isEmpty()) {
                return new DmarcResult.PermError("", "no single From header with an address");
            }
            // RFC 9989 §4.6: several author domains cannot be evaluated as one.
            if (domains.size() > 1 || domains.contains("")) {
                return new DmarcResult.PermError("", "From header names several or malformed domains");
            }
            return evaluate(domains.iterator().next(), spf, spfDomain, dkim);
        } catch (RuntimeException e) {
            return new DmarcResult.TempError("", "DMARC evaluation failed: " + e.getClass().getSimpleName());
        }
    }

    /** Evaluates for a known author domain. */
    public DmarcResult evaluate(String fromDomain, SpfResult spf, String spfDomain, List<DkimResult> dkim) {
        String from = fromDomain.toLowerCase(Locale.ROOT);
        DmarcDiscovery.Found found;
        switch (discovery.policy(from)) {
            case DmarcDiscovery.Lookup.Failed f -> {
                return new DmarcResult.TempError(from, f.cause());
            }
            case DmarcDiscovery.Lookup.NoPolicy n -> {
                return new DmarcResult.None(from, "no DMARC policy for " + from);
            }
            case DmarcDiscovery.Lookup.Policy p -> found = p.found();
        }
        DmarcRecord record = found.record();
        String orgFrom = discovery.organizationalDomain(from);
        boolean dkimAligned = dkim.stream().filter(r -> r instanceof DkimResult.Pass)
                .anyMatch(r -> aligned(r.info().domain(), from, orgFrom, record.dkimAlignment()));
        boolean spfAligned = spf instanceof SpfResult.Pass && aligned(spfDomain, from, orgFrom, record.spfAlignment());
        if (dkimAligned || spfAligned) {
            return new DmarcResult.Pass(from, found, dkimAligned, spfAligned);
        }
        DmarcRecord.Policy applied = appliedPolicy(from, found);
        return new DmarcResult.Fail(from, found, applied, disposition(applied, record.testing()),
                "no aligned SPF or DKIM pass");
    }

    /** RFC 9989 §4.4: strict needs identical domains; relaxed needs the same organisational domain. */
    private boolean aligned(String domain, String from, String orgFrom, DmarcRecord.Alignment mode) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty()) {
            return false;
        }
        if (d.equals(from)) {
            return true;
        }
        if (mode == DmarcRecord.Alignment.STRICT) {
            return false;
        }
        // Only names under the author's organisational domain can share it.
        if (!(d.equals(orgFrom) || d.endsWith("." + orgFrom))) {
            return false;
        }
        return discovery.organizationalDomain(d).equals(orgFrom);
    }

    /**
     * RFC 9989 §4.8 step 5 and §4.7: p= for the domain that published the record; for a sub-domain,
     * np= if the author domain does not exist, else sp=, each falling back to p=.
     */
    private DmarcRecord.Policy appliedPolicy(String from, DmarcDiscovery.Found found) {
        DmarcRecord r = found.record();
        if (found.domain().equals(from)) {
            return r.policy();
        }
        if (!exists(from)) {
            return r.nonexistentPolicy().or(r::subdomainPolicy).orElse(r.policy());
        }
        return r.subdomainPolicy().orElse(r.policy());
    }

    /** RFC 9989 §3.2.9 (non-existent domains): no A, AAAA or MX records, and NXDOMAIN. */
    private boolean exists(String domain) {
        DnsResult<?> a = dns.a(domain);
        if (!(a instanceof DnsResult.NxDomain<?>)) {
            return true;
        }
        return !(dns.aaaa(domain) instanceof DnsResult.NxDomain<?>) || !(dns.mx(domain) instanceof DnsResult.NxDomain<?>);
    }

    /** t=y (RFC 9989 §4.7): apply one step less strict than the published policy. */
    static Disposition disposition(DmarcRecord.Policy policy, boolean testing) {
        return switch (policy) {
            case NONE -> Disposition.DELIVER;
            case QUARANTINE -> testing ? Disposition.DELIVER : Disposition.QUARANTINE;
            case REJECT -> testing ? Disposition.QUARANTINE : Disposition.REJECT;
        };
    }
}
