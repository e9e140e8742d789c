package dev.facteur.toolkit.check;

import dev.facteur.auth.dns.DnsRecords;
import dev.facteur.auth.dns.DnsResult;
import dev.facteur.auth.dns.Names;
import dev.facteur.toolkit.report.Finding;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/** Per-MX-host DNS checks: DANE TLSA with DNSSEC status, reverse DNS and forward-confirmed reverse DNS, DNSBL listings. */
final class HostCheck {

    private final CheckContext ctx;

    HostCheck(CheckContext ctx) {
        this.ctx = ctx;
    }

    void dane(MxCheck.Host host) {
        String name = "_25._tcp." + host.name();
        DnsResult<DnsRecords.Tlsa> r = ctx.dns().tlsa(name);
        switch (r) {
            case DnsResult.TempFailure<DnsRecords.Tlsa> f -> ctx.temporary("dane", "the TLSA records at " + name, f);
            case DnsResult.Records<DnsRecords.Tlsa> rec when !rec.authenticated() -> ctx.add(Finding.error("dane", "dane-unsigned",
                    "TLSA records exist at " + name + " but the answer is not DNSSEC-validated (no AD bit), so senders cannot use them (RFC 7672 §2.2).",
                    "Sign the zone of " + host.name() + " with DNSSEC and publish the DS record at the parent, or remove the TLSA records."));
            case DnsResult.Records<DnsRecords.Tlsa> rec -> {
                // RFC 7672 §3.1: SMTP uses DANE-TA(2) and DANE-EE(3); PKIX-TA(0) and PKIX-EE(1) are not usable.
                long unusable = rec.values().stream().filter(t -> t.usage() < 2).count();
                if (unusable == rec.values().size()) {
                    ctx.add(Finding.error("dane", "dane-unusable-usage", "The TLSA records at " + name + " all use usage 0 or 1, which SMTP senders must treat as unusable (RFC 7672 §3.1.3).",
                            name + ". TLSA 3 1 1 <SHA-256 of the server's public key>"));
                } else {
                    ctx.add(Finding.ok("dane", "dane", "DANE: " + rec.values().size() + " DNSSEC-validated TLSA record(s) at " + name + "."));
                }
            }
            default -> ctx.add(Finding.ok("dane", "dane-none", "No TLSA records at " + name + " (DANE not used; optional, needs DNSSEC)."));
        }
    }

    void reverse(MxCheck.Host host, InetAddress address) {
        String ip = address.getHostAddress();
        DnsResult<String> ptr = ctx.dns().reverse(address);
        switch (ptr) {
            case DnsResult.TempFailure<String> f -> ctx.temporary("rdns", "the reverse DNS of " + ip, f);
            case DnsResult.Records<String> rec -> {
                String name = rec.values().getFirst();
                boolean confirmed = forward(name, address);
                if (confirmed) {
                    ctx.add(Finding.ok("rdns", "fcrdns", ip + " (" + host.name() + ") has reverse DNS " + name + ", which resolves back to it (forward-confirmed)."));
                } else {
                    ctx.add(Finding.error("rdns", "fcrdns-mismatch", ip + " (" + host.name() + ") has reverse DNS " + name + ", but that name does not resolve back to " + ip + "; many receivers reject such senders.",
                            "Publish " + name + ". " + (address instanceof Inet4Address ? "A " : "AAAA ") + ip + " or ask your provider to set the PTR to " + host.name() + "."));
                }
            }
            default -> ctx.add(Finding.error("rdns", "rdns-missing", ip + " (" + host.name() + ") has no reverse DNS (PTR), which many receivers require of sending servers.",
                    "Ask the owner of " + ip + " (your hosting provider) to publish: " + Names.reverseName(address) + ". PTR " + host.name() + "."));
        }
    }

    private boolean forward(String name, InetAddress address) {
        List<? extends InetAddress> back = address instanceof Inet4Address ? ctx.dns().a(name).values() : ctx.dns().aaaa(name).values();
        return back.contains(address);
    }

    /** Queries DNS block lists for an IPv4 address (RFC 5782 §2.1). */
    void dnsbl(MxCheck.Host host, InetAddress address, List<String> zones) {
        if (!(address instanceof Inet4Address)) {
            return;
        }
        byte[] b = address.getAddress();
        String reversed = (b[3] & 0xff) + "." + (b[2] & 0xff) + "." + (b[1] & 0xff) + "." + (b[0] & 0xff);
        for (String zone : zones) {
            DnsResult<? extends InetAddress> r = ctx.dns().a(reversed + "." + zone);
            switch (r) {
                case DnsResult.Records<? extends InetAddress> rec -> {
                    byte[] code = rec.values().getFirst().getAddress();
                    // RFC 5782 §2.1: listings answer 127.0.0.x; some lists answer 127.255.255.x to refuse public resolvers.
                    if ((code[0] & 0xff) == 127 && (code[1] & 0xff) == 255) {
                        ctx.add(Finding.warn("dnsbl", "dnsbl-refused", zone + " refused the query for " + address.getHostAddress() + " (answer " + rec.values().getFirst().getHostAddress() + "), so the listing could not be checked.",
                                "Query through your own resolver, not a public one."));
                    } else {
                        ctx.add(Finding.error("dnsbl", "dnsbl-listed", address.getHostAddress() + " (" + host.name() + ") is listed on " + zone + " (" + rec.values().getFirst().getHostAddress() + "); receivers using that list refuse its mail.",
                                "Find and stop the cause (open relay, compromised account), then request delisting at " + zone + "."));
                    }
                }
                case DnsResult.TempFailure<? extends InetAddress> f -> ctx.temporary("dnsbl", "the listing on " + zone, f);
                default -> ctx.add(Finding.ok("dnsbl", "dnsbl-clear", address.getHostAddress() + " is not listed on " + zone + "."));
            }
        }
    }
}
