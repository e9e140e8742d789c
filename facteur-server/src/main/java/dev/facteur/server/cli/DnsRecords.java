package dev.facteur.server.cli;

import dev.facteur.core.mail.Domain;
import java.util.List;

/** The DNS records a domain served by this host should publish, in zone-file syntax. */
final class DnsRecords {
    private DnsRecords() {}

    static List<String> forDomain(Domain domain, Domain host) {
        return List.of(
                // RFC 5321 §5.1: mail for the domain goes to its MX host.
                domain + ".\t\tIN MX 10 " + host + ".",
                host + ".\t\tIN A    <this server's IPv4 address>",
                host + ".\t\tIN AAAA <this server's IPv6 address, if any>",
                // RFC 7208: only the domain's MX hosts send its mail.
                domain + ".\t\tIN TXT \"v=spf1 mx -all\"",
                // RFC 7208 §2.3: a HELO identity with its own SPF record.
                host + ".\t\tIN TXT \"v=spf1 a -all\"",
                "; and at your hosting provider: a PTR record for each address of " + host + " pointing to " + host + ".");
    }
}
