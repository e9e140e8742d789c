/**
 * {@code facteur check domain} and {@code facteur check server}: the DNS and live checks of a
 * mail domain (MX per RFC 5321 §5.1 and RFC 7505, SPF lint per RFC 7208 §4.5/§4.6.4, DKIM keys per
 * RFC 6376 §3.6 and RFC 8301, DMARC discovery and policy per RFC 9989, MTA-STS per RFC 8461
 * with the policy fetched over HTTPS through the toolkit's resolver and its certificate verified
 * (§3.3), TLS-RPT per RFC 8460, DANE per RFC 7672, BIMI, reverse DNS, DNSBL per RFC 5782) and of a
 * mail server's client ports.
 *
 * <p>Invariants: each finding has a severity, one sentence and a fix; a temporary DNS failure is
 * the finding {@code dns-temporary} (a warning that says what could not be checked), never a
 * misconfiguration; every network step is bounded in time; no check throws for anything the
 * network sends.
 */
package dev.facteur.toolkit.check;
