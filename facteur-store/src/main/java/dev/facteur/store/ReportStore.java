package dev.facteur.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What reporting keeps: the DMARC evaluations of inbound mail (for RFC 9990 aggregate reports), the
 * outcomes of outbound TLS sessions (for RFC 8460 TLS-RPT reports), and aggregate reports other
 * receivers sent us. Rows are kept until {@link #prune} removes those older than the retention.
 */
public interface ReportStore {

    /** Records one evaluation. */
    void recordDmarc(DmarcEvaluation evaluation);

    /** The evaluations made in [from, until), by policy domain then time. */
    List<DmarcEvaluation> dmarcEvaluations(Instant from, Instant until);

    /** Records one outbound TLS session outcome. */
    void recordTls(TlsSession session);

    /** The TLS outcomes observed in [from, until), by policy domain then time. */
    List<TlsSession> tlsSessions(Instant from, Instant until);

    /** Stores a received report; empty when the same reporter already sent that report id (a duplicate). */
    Optional<Long> saveReceived(ReceivedReport report);

    /** The received reports, newest first, without their XML. */
    List<ReceivedReport.Summary> receivedReports(int limit);

    Optional<ReceivedReport> receivedReport(long id);

    /** Deletes everything recorded or received before {@code before}; returns how many rows went. */
    int prune(Instant before);

    /** One DKIM signature's result as RFC 9990 reports it (auth_results/dkim). */
    record DkimOutcome(String domain, String selector, String result) {
        public DkimOutcome {
            domain = token(domain);
            selector = token(selector);
            result = token(result);
        }
    }

    /** The policy record found for the author domain (RFC 9990 policy_published). */
    record PublishedPolicy(String p, Optional<String> sp, Optional<String> np, String adkim, String aspf,
                           boolean testing, String fo) {
        public PublishedPolicy {
            Objects.requireNonNull(p);
            Objects.requireNonNull(fo);
            if (!Set.of("r", "s").contains(adkim) || !Set.of("r", "s").contains(aspf)) {
                throw new IllegalArgumentException("alignment must be r or s");
            }
        }
    }

    /**
     * One inbound message's DMARC evaluation.
     *
     * @param spfScope mfrom or helo (RFC 9990 SPFDomainScope)
     * @param disposition none, quarantine or reject (RFC 9990 DispositionType)
     */
    record DmarcEvaluation(Instant at, String sourceIp, String headerFrom, String envelopeFrom, String envelopeTo,
                           String helo, String policyDomain, String spfDomain, String spfScope, String spfResult,
                           boolean spfAligned, List<DkimOutcome> dkim, boolean dkimAligned, PublishedPolicy policy,
                           String disposition) {
        public DmarcEvaluation {
            dkim = List.copyOf(dkim);
            if (policyDomain.isEmpty() || sourceIp.isEmpty()) {
                throw new IllegalArgumentException("an evaluation needs a policy domain and a source address");
            }
            if (!Set.of("none", "quarantine", "reject").contains(disposition)) {
                throw new IllegalArgumentException("unknown disposition " + disposition);
            }
        }
    }

    /**
     * One outbound TLS session's outcome (RFC 8460 §4).
     *
     * @param policyType sts, tlsa or no-policy-found (RFC 8460 §4.4 policy-type)
     * @param resultType success, or a failure result-type of RFC 8460 §4.3
     */
    record TlsSession(Instant at, String policyDomain, String policyType, List<String> policyStrings, String mxHost,
                      String receivingIp, String resultType) {
        public TlsSession {
            policyStrings = List.copyOf(policyStrings);
            if (!Set.of("sts", "tlsa", "no-policy-found").contains(policyType)) {
                throw new IllegalArgumentException("unknown policy type " + policyType);
            }
            if (policyDomain.isEmpty() || resultType.isEmpty() || policyStrings.stream().anyMatch(s -> s.contains("\n"))) {
                throw new IllegalArgumentException("a TLS session needs a domain, a result and one-line policy strings");
            }
        }

        public boolean success() {
            return resultType.equals("success");
        }
    }

    /** An aggregate report another receiver sent us, with its XML as received (decompressed). */
    record ReceivedReport(Summary summary, String xml) {
        /** What lists show; {@code id} is 0 before the report is stored. */
        public record Summary(long id, Instant receivedAt, String orgName, String email, String reportId,
                              String policyDomain, Instant begin, Instant end, long messages, long passed) {
            public Summary {
                if (reportId.isEmpty() || policyDomain.isEmpty()) {
                    throw new IllegalArgumentException("a report needs an id and a policy domain");
                }
            }
        }
    }

    /** Keeps identifiers on one line without spaces, so they stay a token in storage and XML. */
    private static String token(String s) {
        return s.replaceAll("\\s", "_");
    }
}
