/**
 * An in-process authoritative DNS server for tests: {@link dev.facteur.testkit.dns.TestDnsServer}
 * answers over real UDP and TCP on an ephemeral loopback port from zone data given in code.
 * RFC 1035 §4 (message format, 512-octet UDP limit and the TC bit), RFC 7766 (DNS over TCP,
 * two-octet length prefix), RFC 6891 (EDNS0 UDP payload size), RFC 4035 §3.2.3 (AD bit, simulated).
 * Invariants: binds 127.0.0.1 only; the same port number serves UDP and TCP; a name with no records
 * answers NXDOMAIN, a name with records of other types answers NODATA.
 */
@NullMarked
package dev.facteur.testkit.dns;

import org.jspecify.annotations.NullMarked;
