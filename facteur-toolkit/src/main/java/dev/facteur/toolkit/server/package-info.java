/**
 * {@code facteur check server}: the client ports of a mail server (SMTP 25, submission 465/587 per
 * RFC 8314, IMAP 143/993 per RFC 9051, POP3 110/995 per RFC 1939 and RFC 2595), their TLS (RFC
 * 8996: 1.2 or later), certificates (RFC 6125), SASL mechanisms before and after TLS (RFC 4954,
 * RFC 5034, RFC 4616), an optional login, and the settings a client needs. Where a port speaks
 * TLS, {@link dev.facteur.toolkit.tls.TlsScanner} enumerates every version (SSL 3.0 to TLS 1.3) and
 * cipher suite it accepts, over STARTTLS where needed, flagging RFC 8996's deprecated versions,
 * suites without forward secrecy and broken ones (RFC 7465, RFC 9325 §4.1).
 *
 * <p>Invariants: a password is only sent over TLS and never rendered; every read is bounded in
 * length and time and each port's probe by a deadline (the enumeration by six step timeouts and
 * 64 connections); a hostile server yields a finding.
 */
package dev.facteur.toolkit.server;
