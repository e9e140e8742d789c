/**
 * DMARC reporting. Aggregate reports, RFC 9990: the report model, XML in the RFC 9990 schema
 * (namespace urn:ietf:params:xml:ns:dmarc-2.0), reading reports in that schema and RFC 7489's, ingesting
 * report mail (XML, zip or gzip attachments), collecting evaluations into daily reports, composing
 * the report message, and the external-destination authorisation check (RFC 9990 §4). Failure
 * reports, RFC 9991: the fo= decision and the ARF (RFC 5965, RFC 6591) message.
 * Invariants: XML parsing refuses DTDs and external entities; decompression is bounded.
 */
@NullMarked
package dev.facteur.auth.dmarc.report;

import org.jspecify.annotations.NullMarked;
