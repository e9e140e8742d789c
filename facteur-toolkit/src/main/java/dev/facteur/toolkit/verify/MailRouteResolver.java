package dev.facteur.toolkit.verify;

import dev.facteur.auth.dns.DnsRecords;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.dns.DnsResult;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/** Finds the mail hosts of a domain, recording each DNS answer it used as evidence. */
public final class MailRouteResolver {

    /** At most this many MX hosts are tried; more only cost time. */
    static final int MAX_HOSTS = 10;
    /** At most this many addresses per host. */
    static final int MAX_ADDRESSES = 4;

    private final DnsResolver dns;

    public MailRouteResolver(DnsResolver dns) {
        this.dns = dns;
    }

    public MailRoute route(String domain, Consumer<Evidence> evidence) {
        DnsResult<DnsRecords.Mx> mx = dns.mx(domain);
        evidence.accept(new Evidence.Dns(domain, "MX", describe(mx, m -> m.preference() + " " + (m.exchange().isEmpty() ? "." : m.exchange()))));
        return switch (mx) {
            case DnsResult.Records<DnsRecords.Mx> r -> fromMx(domain, r.values(), evidence);
            // RFC 5321 §5.1: no MX records, so the domain itself is the implicit MX.
            case DnsResult.NoData<DnsRecords.Mx> n -> implicit(domain, evidence);
            case DnsResult.NxDomain<DnsRecords.Mx> n -> new MailRoute.NoDomain();
            case DnsResult.TempFailure<DnsRecords.Mx> f -> new MailRoute.DnsFailure("MX lookup for " + domain + " failed: " + f.cause());
        };
    }

    private MailRoute fromMx(String domain, List<DnsRecords.Mx> records, Consumer<Evidence> evidence) {
        // RFC 7505 §3: a single MX of "." with preference 0 means the domain accepts no mail.
        if (records.stream().anyMatch(m -> m.exchange().isEmpty())) {
            return new MailRoute.NullMx();
        }
        // RFC 5321 §5.1: try the lowest preference first. Deviation: equal preferences keep DNS
        // order instead of being shuffled, so that runs are reproducible.
        List<DnsRecords.Mx> sorted = records.stream().sorted(Comparator.comparingInt(DnsRecords.Mx::preference)).limit(MAX_HOSTS).toList();
        List<MailHost> hosts = new ArrayList<>();
        boolean tempFailure = false;
        for (DnsRecords.Mx m : sorted) {
            List<InetAddress> addresses = new ArrayList<>();
            tempFailure |= addresses(m.exchange(), addresses, evidence);
            if (!addresses.isEmpty()) {
                hosts.add(new MailHost(m.exchange(), m.preference(), addresses));
            }
        }
        if (!hosts.isEmpty()) {
            return new MailRoute.Hosts(hosts, false);
        }
        return tempFailure ? new MailRoute.DnsFailure("address lookup of the MX hosts of " + domain + " failed")
                : new MailRoute.NoMailHost("no MX host of " + domain + " has an address");
    }

    private MailRoute implicit(String domain, Consumer<Evidence> evidence) {
        List<InetAddress> addresses = new ArrayList<>();
        boolean tempFailure = addresses(domain, addresses, evidence);
        if (!addresses.isEmpty()) {
            return new MailRoute.Hosts(List.of(new MailHost(domain, 0, addresses)), true);
        }
        return tempFailure ? new MailRoute.DnsFailure("address lookup of " + domain + " failed")
                : new MailRoute.NoMailHost(domain + " has neither MX nor A/AAAA records");
    }

    /** Adds the A then AAAA addresses of {@code name}; returns true if a lookup failed temporarily. */
    private boolean addresses(String name, List<InetAddress> out, Consumer<Evidence> evidence) {
        DnsResult<? extends InetAddress> a = dns.a(name);
        evidence.accept(new Evidence.Dns(name, "A", describe(a, InetAddress::getHostAddress)));
        DnsResult<? extends InetAddress> aaaa = dns.aaaa(name);
        evidence.accept(new Evidence.Dns(name, "AAAA", describe(aaaa, InetAddress::getHostAddress)));
        a.values().stream().limit(MAX_ADDRESSES).forEach(out::add);
        aaaa.values().stream().limit(Math.max(0, MAX_ADDRESSES - out.size())).forEach(out::add);
        return a instanceof DnsResult.TempFailure || aaaa instanceof DnsResult.TempFailure;
    }

    static <T> String describe(DnsResult<T> r, java.util.function.Function<? super T, String> f) {
        return switch (r) {
            case DnsResult.Records<T> rec -> String.join(", ", rec.values().stream().map(f).toList());
            case DnsResult.NxDomain<T> n -> "NXDOMAIN";
            case DnsResult.NoData<T> n -> "NODATA";
            case DnsResult.TempFailure<T> t -> (t.timeout() ? "TIMEOUT " : "TEMPFAIL ") + dev.facteur.toolkit.report.Printable.of(t.cause(), 200);
        };
    }
}
