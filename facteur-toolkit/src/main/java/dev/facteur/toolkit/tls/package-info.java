/**
 * TLS version and cipher-suite enumeration for {@code facteur check server}, the way testssl.sh
 * and sslyze do it: hand-built ClientHello records (RFC 5246 §7.4.1.2, RFC 8446 §4.1.2) offering
 * one protocol version and a set of cipher suites, and a parser of the first server flight
 * (ServerHello, HelloRetryRequest or Alert). JSSE is not used for this: it refuses TLS 1.0 and 1.1
 * process-wide ({@code jdk.tls.disabledAlgorithms}), and enabling them would weaken the mail
 * server running in the same JVM. No handshake is ever completed and no key material is derived,
 * so the scanner can list versions and suites JSSE cannot speak (SSL 3.0, RC4, export suites).
 *
 * <p>Invariants: every read is bounded in size (a record at most 2^14 + 2048 octets, a ServerHello
 * message at most 64 KiB) and in time (each read by the step timeout, the whole scan by its
 * deadline); the number of connections is bounded by the number of known suites; anything a
 * server sends is an outcome, never an exception out of {@link dev.facteur.toolkit.tls.TlsScanner}.
 */
package dev.facteur.toolkit.tls;
