package dev.facteur.auth.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Asks the DNS. Every method returns a {@link DnsResult} and never throws for a DNS outcome
 * (timeouts and server failures are {@link DnsResult.TempFailure}). Names are given without
 * trailing dot; CNAME chains are followed by the resolver and the final RRset is returned.
 */
public interface DnsResolver {

    DnsResult<DnsRecords.Txt> txt(String name);

    DnsResult<Inet4Address> a(String name);

    DnsResult<Inet6Address> aaaa(String name);

    DnsResult<DnsRecords.Mx> mx(String name);

    /** PTR records at the given owner name (e.g. {@code 4.3.2.1.in-addr.arpa}). */
    DnsResult<String> ptr(String name);

    /** TLSA records (RFC 6698); {@link DnsResult.Records#authenticated()} reports the AD bit. */
    DnsResult<DnsRecords.Tlsa> tlsa(String name);

    /** The CNAME target at the name itself (not followed). */
    DnsResult<String> cname(String name);

    /** PTR names for an address: the reverse lookup of RFC 1035 §3.5 / RFC 3596 §2.5. */
    default DnsResult<String> reverse(InetAddress address) {
        return ptr(Names.reverseName(address));
    }
}
