package dev.facteur.smtp.outbound;

import java.util.Optional;

/**
 * One host to try for a destination, with the TLS it must have.
 *
 * @param authenticatedRoute the way to this host is authenticated (DNSSEC MX, MTA-STS policy, or a
 *                           configured relay): a condition of REQUIRETLS (RFC 8689 §4.2.1)
 * @param implicitTls TLS from the first byte (RFC 8314 §3), not STARTTLS: a relay on port 465
 */
record NextHop(String host, int port, TlsRequirement tls, Optional<Relay.Credentials> credentials,
               boolean authenticatedRoute, boolean implicitTls) {

    NextHop(String host, int port, TlsRequirement tls, Optional<Relay.Credentials> credentials,
            boolean authenticatedRoute) {
        this(host, port, tls, credentials, authenticatedRoute, false);
    }
}
