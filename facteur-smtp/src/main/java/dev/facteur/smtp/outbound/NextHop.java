package dev.facteur.smtp.outbound;

import java.util.Optional;

/**
 * One host to try for a destination, with the TLS it must have.
 *
 * @param authenticatedRoute the way to this host is authenticated (DNSSEC MX, MTA-STS policy, or a
 *                           configured relay): a condition of REQUIRETLS (RFC 8689 §4.2.1)
 */
record NextHop(String host, int port, TlsRequirement tls, Optional<Relay.Credentials> credentials,
               boolean authenticatedRoute) {
}
