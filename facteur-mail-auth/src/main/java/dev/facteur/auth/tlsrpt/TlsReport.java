package dev.facteur.auth.tlsrpt;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** An aggregate TLS report for one policy domain and period (RFC 8460 §4.4). */
public record TlsReport(String organizationName, Instant start, Instant end, String contactInfo, String reportId,
                        List<PolicyResult> policies) {

    public TlsReport {
        policies = List.copyOf(policies);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("the report period must not be empty");
        }
    }

    /** RFC 8460 §4.4 policy-type values. */
    public static final Set<String> POLICY_TYPES = Set.of("sts", "tlsa", "no-policy-found");

    /**
     * One policy's results (RFC 8460 §4.4 "policies" entry).
     *
     * @param policyStrings the policy as applied (MTA-STS lines, or TLSA records); empty for no-policy-found
     */
    public record PolicyResult(String policyType, List<String> policyStrings, String policyDomain, long successCount,
                               List<FailureDetail> failures) {
        public PolicyResult {
            policyStrings = List.copyOf(policyStrings);
            failures = List.copyOf(failures);
            if (!POLICY_TYPES.contains(policyType)) {
                throw new IllegalArgumentException("unknown policy type " + policyType);
            }
        }

        /** RFC 8460 §4.4 total-failure-session-count. */
        public long failureCount() {
            return failures.stream().mapToLong(FailureDetail::count).sum();
        }
    }

    /** RFC 8460 §4.4 failure-details: one result type at one receiving host and address. */
    public record FailureDetail(String resultType, String receivingMxHostname, String receivingIp, long count) {
        public FailureDetail {
            if (count < 1) {
                throw new IllegalArgumentException("a failure detail counts at least one session");
            }
        }
    }
}
