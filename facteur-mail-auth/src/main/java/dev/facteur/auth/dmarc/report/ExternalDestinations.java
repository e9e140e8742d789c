package dev.facteur.auth.dmarc.report;

import dev.facteur.auth.dmarc.DmarcDiscovery;
import dev.facteur.auth.dmarc.DmarcRecord;
import dev.facteur.auth.dns.DnsRecords;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.dns.DnsResult;
import java.util.Locale;

/**
 * RFC 9990 §4 (verifying external destinations, from RFC 7489 §7.1): reports for a domain go to an
 * address in another organisational domain only if that domain publishes
 * {@code <policy-domain>._report._dmarc.<destination-domain>} TXT "v=DMARC1".
 */
public final class ExternalDestinations {

    /** The outcome of the check. */
    public sealed interface Authorisation {
        record Authorised(String reason) implements Authorisation {
        }

        record NotAuthorised(String reason) implements Authorisation {
        }

        /** DNS failure: try again later rather than send or drop. */
        record Unknown(String reason) implements Authorisation {
        }
    }

    private final DnsResolver dns;
    private final DmarcDiscovery discovery;

    public ExternalDestinations(DnsResolver dns) {
        this.dns = dns;
        this.discovery = new DmarcDiscovery(dns);
    }

    public Authorisation check(String policyDomain, String mailtoUri) {
        String address = mailtoUri.regionMatches(true, 0, "mailto:", 0, 7) ? mailtoUri.substring(7) : mailtoUri;
        int at = address.lastIndexOf('@');
        if (at < 1 || at == address.length() - 1) {
            return new Authorisation.NotAuthorised("not a mail address: " + address);
        }
        String destination = address.substring(at + 1).toLowerCase(Locale.ROOT);
        String policy = policyDomain.toLowerCase(Locale.ROOT);
        if (discovery.organizationalDomain(destination).equals(discovery.organizationalDomain(policy))) {
            return new Authorisation.Authorised("same organisational domain");
        }
        String name = policy + "._report._dmarc." + destination;
        DnsResult<DnsRecords.Txt> r = dns.txt(name);
        if (r instanceof DnsResult.TempFailure<DnsRecords.Txt> f) {
            return new Authorisation.Unknown("DNS failure at " + name + ": " + f.cause());
        }
        // RFC 9990 §4: a record beginning v=DMARC1 authorises the destination.
        boolean ok = r.values().stream().map(DnsRecords.Txt::text).anyMatch(DmarcRecord::looksLikeDmarc);
        return ok ? new Authorisation.Authorised("authorised by " + name) : new Authorisation.NotAuthorised("no v=DMARC1 record at " + name);
    }
}
