package dev.facteur.auth.spf;

import dev.facteur.auth.dns.DnsRecords;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.dns.DnsResult;
import java.net.InetAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RFC 7208 check_host(): evaluates the SPF policy of a MAIL FROM or HELO identity for a client IP.
 * Thread-safe; one instance serves every connection.
 */
public final class SpfVerifier {

    private final DnsResolver dns;
    private final String receiver;
    private final InstantSource clock;

    /**
     * @param dns      the resolver
     * @param receiver the receiving host's name, for the "r" macro (RFC 7208 §7.2)
     * @param clock    time for the "t" macro
     */
    public SpfVerifier(DnsResolver dns, String receiver, InstantSource clock) {
        this.dns = dns;
        this.receiver = receiver;
        this.clock = clock;
    }

    /**
     * RFC 7208 §2.4: checks the MAIL FROM identity; an empty reverse-path checks
     * "postmaster@" the HELO name instead (§2.4), and a missing local part is "postmaster" (§4.3).
     */
    public SpfResult checkMailFrom(InetAddress ip, String mailFrom, String helo) {
        String sender = mailFrom.isEmpty() ? "postmaster@" + helo : mailFrom;
        int at = sender.lastIndexOf('@');
        String local = at < 0 ? "postmaster" : sender.substring(0, at);
        String domain = at < 0 ? sender : sender.substring(at + 1);
        if (local.isEmpty()) {
            local = "postmaster";
        }
        return checkHost(ip, domain, local, helo);
    }

    /** RFC 7208 §2.3: checks the HELO identity (sender "postmaster@helo"). */
    public SpfResult checkHelo(InetAddress ip, String helo) {
        return checkHost(ip, helo, "postmaster", helo);
    }

    private SpfResult checkHost(InetAddress ip, String domain, String localPart, String helo) {
        InetAddress client = unmapped(ip);
        String sender = localPart + "@" + domain;
        Evaluation ev = new Evaluation(dns, client);
        MacroContext ctx = new MacroContext(sender, localPart, domain, domain, client, helo, receiver,
                clock.instant().getEpochSecond(), ev::validatedName);
        try {
            return ev.checkHost(domain, ctx, 0);
        } catch (RuntimeException e) {
            // Nothing from the network may escape as an exception (issue item 7).
            return new SpfResult.TempError("internal error evaluating SPF: " + e.getClass().getSimpleName());
        }
    }

    /** RFC 7208 §5: an IPv4-mapped IPv6 client is evaluated as IPv4. */
    private static InetAddress unmapped(InetAddress ip) {
        byte[] b = ip.getAddress();
        if (b.length == 16 && isMapped(b)) {
            return IpAddresses.parse((b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff));
        }
        return ip;
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    /** Looks up and selects the SPF record of a domain (RFC 7208 §4.4, §4.5). */
    static SpfLookup lookupRecord(DnsResolver dns, String domain) {
        DnsResult<DnsRecords.Txt> answer = dns.txt(domain);
        return switch (answer) {
            // RFC 7208 §4.4: a DNS error other than NXDOMAIN is temperror.
            case DnsResult.TempFailure<DnsRecords.Txt> f -> new SpfLookup.Failed(new SpfResult.TempError("DNS " + f.cause() + " looking up " + domain));
            case DnsResult.NxDomain<DnsRecords.Txt> n -> new SpfLookup.Failed(new SpfResult.None("no such domain " + domain));
            case DnsResult.NoData<DnsRecords.Txt> n -> new SpfLookup.Failed(new SpfResult.None("no SPF record at " + domain));
            case DnsResult.Records<DnsRecords.Txt> r -> select(r.values(), domain);
        };
    }

    private static SpfLookup select(List<DnsRecords.Txt> txts, String domain) {
        List<String> spf = new ArrayList<>();
        for (DnsRecords.Txt t : txts) {
            // RFC 7208 §3.3: the strings of one TXT record are concatenated without spaces.
            String text = t.text();
            if (SpfParser.isSpfRecord(text)) {
                spf.add(text);
            }
        }
        if (spf.isEmpty()) {
            return new SpfLookup.Failed(new SpfResult.None("no SPF record at " + domain));
        }
        if (spf.size() > 1) {
            // RFC 7208 §4.5: more than one record is permerror.
            return new SpfLookup.Failed(new SpfResult.PermError("more than one SPF record at " + domain));
        }
        try {
            return new SpfLookup.Found(SpfParser.parse(spf.getFirst()));
        } catch (SpfSyntaxException e) {
            return new SpfLookup.Failed(new SpfResult.PermError("syntax error at " + domain + ": " + e.getMessage()));
        }
    }

    /** The outcome of fetching a domain's record. */
    sealed interface SpfLookup {
        record Found(SpfRecord record) implements SpfLookup {
        }

        record Failed(SpfResult result) implements SpfLookup {
        }
    }

    /** RFC 7208 §4.3: a checkable domain is a multi-label FQDN with labels of 1..63 octets. */
    static boolean isValidDomain(String domain) {
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (d.isEmpty() || d.length() > 253 || !d.contains(".")) {
            return false;
        }
        for (String label : d.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
        }
        return true;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
