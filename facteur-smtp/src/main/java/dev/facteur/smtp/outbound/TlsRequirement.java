package dev.facteur.smtp.outbound;

import dev.facteur.auth.dns.DnsRecords;
import java.util.List;

/** What TLS a connection to one next-hop host must have. */
sealed interface TlsRequirement {

    /** RFC 7435: STARTTLS when offered, any certificate; plain text if it is not offered or fails. */
    record Opportunistic() implements TlsRequirement {
    }

    /**
     * A WebPKI certificate valid for the host (MTA-STS RFC 8461 §4.2, REQUIRETLS RFC 8689 §4.2.1, a
     * relay with requireTls). With {@code reportOnly} (MTA-STS testing, RFC 8461 §5) a failure is
     * counted and delivery goes on opportunistically.
     */
    record Pkix(boolean reportOnly, List<String> policyStrings) implements TlsRequirement {
        /** @param policyStrings the MTA-STS policy as RFC 8460 §4.4 policy-string lines; empty for other sources */
        public Pkix {
            policyStrings = List.copyOf(policyStrings);
        }

        /** A requirement with no MTA-STS policy behind it (REQUIRETLS, a relay with requireTls). */
        public Pkix(boolean reportOnly) {
            this(reportOnly, List.of());
        }
    }

    /** RFC 7672 §2.2: authenticated usable TLSA records exist, so TLS must match them. */
    record Dane(List<DnsRecords.Tlsa> records) implements TlsRequirement {
        public Dane {
            records = List.copyOf(records);
        }
    }

    /** True if a session that cannot get the required TLS must not go on in plain text. */
    default boolean mandatory() {
        return switch (this) {
            case Opportunistic o -> false;
            case Pkix p -> !p.reportOnly();
            case Dane d -> true;
        };
    }
}
