package dev.facteur.smtp.outbound;

import java.util.List;

/** Where mail for a domain goes, per RFC 5321 §5.1 and RFC 7505. */
public sealed interface MxResolution {

    /**
     * Hosts to try in order (lowest preference first, equal preferences shuffled).
     *
     * @param implicit no MX records: the domain itself is the host (RFC 5321 §5.1 implicit MX)
     * @param authenticated the MX answer carried the DNSSEC AD bit (RFC 7672 §2.2.1)
     */
    record Hosts(List<MxHost> hosts, boolean implicit, boolean authenticated) implements MxResolution {
        public Hosts {
            hosts = List.copyOf(hosts);
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("at least one host");
            }
        }
    }

    /** RFC 7505 §3: the domain publishes a null MX: it accepts no mail. */
    record NullMx() implements MxResolution {
    }

    /** The domain does not exist, or has no MX, A nor AAAA: permanent (RFC 5321 §5.1). */
    record NoSuchDomain(String cause) implements MxResolution {
    }

    /** DNS failed for now; try again later (RFC 5321 §5.1, §4.5.4.1). */
    record TempFailure(String cause) implements MxResolution {
    }

    /** One mail exchanger: its name and preference. */
    record MxHost(String name, int preference) {
    }
}
