/**
 * Reporting, run by the server: daily DMARC aggregate reports (RFC 9990) built from the evaluations
 * the MX recorded, DMARC failure reports (RFC 9991, RFC 6591), daily TLS-RPT reports (RFC 8460) built
 * from outbound session outcomes, and the ingestion of aggregate reports other receivers send us.
 * Invariants: a report leaves only for a destination its domain published and, on another
 * organisational domain, authorised (RFC 9990 §4); reports go through the outbound queue; the daily
 * run is driven by an injected clock and remembers the last day it covered, so it runs once per day.
 */
package dev.facteur.server.reports;
