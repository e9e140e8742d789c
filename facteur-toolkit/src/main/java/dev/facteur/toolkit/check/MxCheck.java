package dev.facteur.toolkit.check;

import dev.facteur.auth.dns.DnsRecords;
import dev.facteur.auth.dns.DnsResult;
import dev.facteur.toolkit.report.Finding;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** MX records: present, resolvable, null MX, preferences, MX names that are CNAMEs or have no address. */
final class MxCheck {

    private static final String AREA = "mx";

    /** A mail host of the domain with its addresses (possibly none). */
    record Host(String name, int preference, List<InetAddress> addresses) {
        Host {
            addresses = List.copyOf(addresses);
        }
    }

    private final CheckContext ctx;

    MxCheck(CheckContext ctx) {
        this.ctx = ctx;
    }

    /** Reports on the MX set and returns the hosts found (empty if none or unknown). */
    List<Host> run(String domain) {
        DnsResult<DnsRecords.Mx> mx = ctx.dns().mx(domain);
        return switch (mx) {
            case DnsResult.Records<DnsRecords.Mx> r -> records(domain, r.values());
            case DnsResult.NoData<DnsRecords.Mx> n -> implicit(domain);
            case DnsResult.NxDomain<DnsRecords.Mx> n -> {
                ctx.add(Finding.error(AREA, "domain-not-found", domain + " does not exist in the DNS (NXDOMAIN), so it can neither send nor receive mail.",
                        "Register the domain or fix its delegation, then publish: " + domain + ". MX 10 mail." + domain + "."));
                yield List.of();
            }
            case DnsResult.TempFailure<DnsRecords.Mx> f -> {
                ctx.temporary(AREA, "the MX records of " + domain, f);
                yield List.of();
            }
        };
    }

    private List<Host> implicit(String domain) {
        List<InetAddress> addresses = addresses(domain);
        if (addresses.isEmpty()) {
            ctx.add(Finding.error(AREA, "mx-none", domain + " has no MX record and no address, so no mail can be delivered to it.",
                    "Publish: " + domain + ". MX 10 mail." + domain + ". (or a null MX \"" + domain + ". MX 0 .\" if it takes no mail)"));
            return List.of();
        }
        // RFC 5321 §5.1: without MX the domain's own address is used (implicit MX).
        ctx.add(Finding.warn(AREA, "mx-implicit", domain + " has no MX record; senders fall back to its A/AAAA address, which many treat as a sign of a domain that does not take mail.",
                "Publish: " + domain + ". MX 10 " + domain + "."));
        return List.of(new Host(domain, 0, addresses));
    }

    private List<Host> records(String domain, List<DnsRecords.Mx> records) {
        boolean nullMx = records.stream().anyMatch(m -> m.exchange().isEmpty());
        if (nullMx) {
            // RFC 7505 §3: a null MX must be the only MX record.
            if (records.size() == 1 && records.getFirst().preference() == 0) {
                ctx.add(Finding.ok(AREA, "mx-null", domain + " publishes a null MX (RFC 7505): it declares that it accepts no mail."));
            } else {
                ctx.add(Finding.error(AREA, "mx-null-mixed", domain + " mixes a null MX with other MX records or gives it a preference other than 0, which RFC 7505 §3 forbids.",
                        "Keep only \"" + domain + ". MX 0 .\" if the domain takes no mail, or remove the null MX."));
            }
            return List.of();
        }
        List<Host> hosts = new ArrayList<>();
        for (DnsRecords.Mx m : records.stream().sorted(Comparator.comparingInt(DnsRecords.Mx::preference)).limit(20).toList()) {
            hosts.add(host(domain, m));
        }
        long usable = hosts.stream().filter(h -> !h.addresses().isEmpty()).count();
        StringBuilder list = new StringBuilder();
        hosts.forEach(h -> list.append(list.isEmpty() ? "" : ", ").append(h.preference()).append(' ').append(h.name()));
        if (usable == 0) {
            ctx.add(Finding.error(AREA, "mx-unusable", "None of the MX hosts of " + domain + " (" + list + ") has an address, so mail cannot be delivered.",
                    "Give each MX host an A or AAAA record, e.g. mail." + domain + ". A 192.0.2.25"));
        } else {
            ctx.add(Finding.ok(AREA, "mx-present", domain + " has " + hosts.size() + " MX host(s): " + list + "."));
        }
        if (hosts.size() > 1 && hosts.stream().map(Host::preference).distinct().count() == 1) {
            ctx.add(Finding.ok(AREA, "mx-equal-preference", "All MX hosts share one preference, so senders spread mail across them at random (RFC 5321 §5.1)."));
        }
        return hosts.stream().filter(h -> !h.addresses().isEmpty()).toList();
    }

    private Host host(String domain, DnsRecords.Mx m) {
        String name = m.exchange();
        if (name.matches("[0-9.]+") || name.contains(":")) {
            // RFC 7505 §3 / RFC 5321 §5.1: an MX names a host, never an address literal.
            ctx.add(Finding.error(AREA, "mx-ip-literal", "The MX " + name + " is an IP address, not a host name; senders look it up as a name and fail.",
                    "Publish a host name: " + domain + ". MX " + m.preference() + " mail." + domain + ". and mail." + domain + ". A " + name));
            return new Host(name, m.preference(), List.of());
        }
        DnsResult<String> cname = ctx.dns().cname(name);
        if (cname instanceof DnsResult.Records<String> c) {
            // RFC 2181 §10.3 and RFC 5321 §5.1: an MX must not point at an alias.
            ctx.add(Finding.error(AREA, "mx-cname", "The MX host " + name + " is a CNAME (to " + c.values().getFirst() + "); RFC 2181 §10.3 forbids MX targets that are aliases and some senders refuse them.",
                    "Point the MX at the canonical name: " + domain + ". MX " + m.preference() + " " + c.values().getFirst() + "."));
        }
        List<InetAddress> addresses = addresses(name);
        if (addresses.isEmpty() && !(ctx.dns().a(name) instanceof DnsResult.TempFailure)) {
            ctx.add(Finding.error(AREA, "mx-no-address", "The MX host " + name + " has no A or AAAA record, so senders cannot connect to it.",
                    "Publish: " + name + ". A <the server's IPv4 address>"));
        }
        return new Host(name, m.preference(), addresses);
    }

    private List<InetAddress> addresses(String name) {
        List<InetAddress> out = new ArrayList<>();
        DnsResult<? extends InetAddress> a = ctx.dns().a(name);
        DnsResult<? extends InetAddress> aaaa = ctx.dns().aaaa(name);
        if (a instanceof DnsResult.TempFailure<? extends InetAddress> f) {
            ctx.temporary(AREA, "the address of " + name, f);
        }
        out.addAll(a.values());
        out.addAll(aaaa.values());
        return out.stream().limit(8).toList();
    }
}
