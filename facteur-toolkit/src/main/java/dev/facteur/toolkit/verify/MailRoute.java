package dev.facteur.toolkit.verify;

import java.util.List;

/** Where mail for a domain goes, as the DNS says (RFC 5321 §5.1, RFC 7505). */
public sealed interface MailRoute {

    /** Hosts in preference order; {@code implicit} when the domain has no MX and its own address is used. */
    record Hosts(List<MailHost> hosts, boolean implicit) implements MailRoute {
        public Hosts {
            hosts = List.copyOf(hosts);
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("Hosts needs at least one host");
            }
        }
    }

    /** RFC 7505 §3: the domain publishes a null MX and accepts no mail. */
    record NullMx() implements MailRoute {
    }

    /** The domain does not exist (NXDOMAIN). */
    record NoDomain() implements MailRoute {
    }

    /** The domain exists but names no host with an address. */
    record NoMailHost(String detail) implements MailRoute {
    }

    /** A DNS failure kept us from knowing. */
    record DnsFailure(String detail) implements MailRoute {
    }
}
