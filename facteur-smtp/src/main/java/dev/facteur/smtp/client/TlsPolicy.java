package dev.facteur.smtp.client;

import dev.facteur.auth.dns.DnsRecords;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/** How the client authenticates a server's certificate after STARTTLS. */
public sealed interface TlsPolicy {

    /** RFC 7435 opportunistic security: encrypt, accept any certificate (unauthenticated). */
    record Opportunistic() implements TlsPolicy {
    }

    /**
     * WebPKI: the chain must validate with {@code context}'s trust managers and the certificate must
     * name {@code hostname} (RFC 6125; RFC 8461 §4.2 for MTA-STS, RFC 8689 §4.2.1 for REQUIRETLS).
     */
    record Pkix(SSLContext context, String hostname) implements TlsPolicy {
        public Pkix {
            Commands.checkText(hostname, "hostname");
        }
    }

    /**
     * RFC 7672 DANE: the certificate must match one of the usable TLSA records; for DANE-TA the
     * certificate must also carry one of {@code names} (RFC 7672 §3.2.2).
     */
    record Dane(List<DnsRecords.Tlsa> records, Set<String> names) implements TlsPolicy {
        public Dane {
            records = List.copyOf(records);
            names = Set.copyOf(names);
            if (records.isEmpty()) {
                throw new IllegalArgumentException("DANE needs at least one TLSA record");
            }
        }
    }
}
