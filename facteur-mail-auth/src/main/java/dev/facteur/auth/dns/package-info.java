/**
 * The DNS layer the whole project uses: {@link dev.facteur.auth.dns.DnsResolver} answers TXT, A,
 * AAAA, MX, PTR, TLSA and CNAME queries with sealed {@link dev.facteur.auth.dns.DnsResult} values
 * (records, NXDOMAIN, no data, temporary failure with its cause) and never throws for a DNS outcome.
 * RFC 1035 (message format), RFC 2181 §5.2 (TTLs of an RRset), RFC 2308 (negative caching),
 * RFC 4035 §3.2.3 / RFC 6840 §5.7 (the AD bit of a validating resolver), RFC 6698 (TLSA).
 * Invariants: names are handled without the trailing dot and compared case-insensitively; the cache
 * is bounded and never serves an answer past its TTL; temporary failures are never cached.
 */
@NullMarked
package dev.facteur.auth.dns;

import org.jspecify.annotations.NullMarked;
