package dev.facteur.smtp.outbound;

import dev.facteur.auth.dns.DnsRecords;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.dns.DnsResult;
import dev.facteur.core.mail.Domain;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/** Finds the mail exchangers of a domain (RFC 5321 §5.1, RFC 7505) and their addresses. */
public final class MxResolver {

    private final DnsResolver dns;
    private final RandomGenerator random;
    private final String ourHostname;

    public MxResolver(DnsResolver dns, RandomGenerator random, String ourHostname) {
        this.dns = dns;
        this.random = random;
        this.ourHostname = ourHostname.toLowerCase(Locale.ROOT);
    }

    public MxResolution resolve(Domain domain) {
        DnsResult<DnsRecords.Mx> mx = dns.mx(domain.name());
        return switch (mx) {
            case DnsResult.Records<DnsRecords.Mx> r -> fromRecords(r.values(), r.authenticated());
            // RFC 5321 §5.1: no MX records: the domain itself is the implicit MX, if it has an address.
            case DnsResult.NoData<DnsRecords.Mx> n -> implicit(domain);
            case DnsResult.NxDomain<DnsRecords.Mx> n -> new MxResolution.NoSuchDomain("domain does not exist");
            case DnsResult.TempFailure<DnsRecords.Mx> f -> new MxResolution.TempFailure("MX lookup failed: " + f.cause());
        };
    }

    private MxResolution fromRecords(List<DnsRecords.Mx> records, boolean authenticated) {
        // RFC 7505 §3: a single MX with an empty exchange (".") is a null MX: the domain takes no mail.
        if (records.stream().anyMatch(r -> r.exchange().isEmpty() || r.exchange().equals("."))) {
            return new MxResolution.NullMx();
        }
        List<DnsRecords.Mx> shuffled = new ArrayList<>(records);
        // RFC 5321 §5.1: equal preferences are tried in random order; Collections.shuffle then a
        // stable sort keeps each preference group shuffled.
        Collections.shuffle(shuffled, new java.util.Random(random.nextLong()));
        shuffled.sort(Comparator.comparingInt(DnsRecords.Mx::preference));
        List<MxResolution.MxHost> hosts = new ArrayList<>();
        for (DnsRecords.Mx r : shuffled) {
            if (r.exchange().equalsIgnoreCase(ourHostname)) {
                // RFC 5321 §5.1: if we are one of the MX hosts, only those of lower preference may be tried.
                break;
            }
            hosts.add(new MxResolution.MxHost(r.exchange(), r.preference()));
        }
        if (hosts.isEmpty()) {
            return new MxResolution.NoSuchDomain("we are the best MX for the domain (mail loops back)");
        }
        return new MxResolution.Hosts(hosts, false, authenticated);
    }

    private MxResolution implicit(Domain domain) {
        DnsResult<?> a = dns.a(domain.name());
        DnsResult<?> aaaa = dns.aaaa(domain.name());
        if (!a.values().isEmpty() || !aaaa.values().isEmpty()) {
            return new MxResolution.Hosts(List.of(new MxResolution.MxHost(domain.name(), 0)), true, false);
        }
        if (a instanceof DnsResult.TempFailure<?> || aaaa instanceof DnsResult.TempFailure<?>) {
            return new MxResolution.TempFailure("address lookup failed for implicit MX");
        }
        return new MxResolution.NoSuchDomain("no MX and no address records");
    }

    /**
     * The addresses of a host: IPv6 first when enabled, then IPv4 (RFC 5321 §5.2 and RFC 6724 prefer
     * IPv6 where it works; an unreachable one costs only the connect timeout). An IP literal host
     * (from a route) is returned as is.
     */
    public HostAddresses addresses(String host, boolean ipv6) {
        if (isIpLiteral(host)) {
            try {
                return new HostAddresses(List.of(InetAddress.getByName(host)), false);
            } catch (java.net.UnknownHostException e) {
                return new HostAddresses(List.of(), false);
            }
        }
        List<InetAddress> out = new ArrayList<>();
        boolean temp = false;
        if (ipv6) {
            DnsResult<? extends InetAddress> six = dns.aaaa(host);
            out.addAll(six.values());
            temp |= six instanceof DnsResult.TempFailure<?>;
        }
        DnsResult<? extends InetAddress> four = dns.a(host);
        out.addAll(four.values());
        temp |= four instanceof DnsResult.TempFailure<?>;
        return new HostAddresses(out, temp);
    }

    /** The addresses found and whether a lookup failed temporarily. */
    public record HostAddresses(List<InetAddress> addresses, boolean tempFailure) {
        public HostAddresses {
            addresses = List.copyOf(addresses);
        }
    }

    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }
}
