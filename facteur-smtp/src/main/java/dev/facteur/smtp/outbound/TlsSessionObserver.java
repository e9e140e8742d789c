package dev.facteur.smtp.outbound;

import java.net.InetAddress;
import java.security.cert.CertificateExpiredException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Told the TLS outcome of each outbound session to a domain's MX host, for TLS-RPT (RFC 8460 §4).
 * Called on the delivery thread: implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface TlsSessionObserver {

    /** Observes nothing. */
    TlsSessionObserver NONE = result -> { };

    void observed(TlsSessionResult result);

    /** RFC 8460 §4.4 policy-type. */
    enum PolicyType {
        STS("sts"), TLSA("tlsa"), NO_POLICY_FOUND("no-policy-found");

        private final String keyword;

        PolicyType(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /**
     * One session's outcome.
     *
     * @param policyStrings the TLSA records or MTA-STS policy lines applied (RFC 8460 §4.4 policy-string);
     *                      empty under no-policy-found
     * @param failure empty for success, else an RFC 8460 §4.3 result-type
     */
    record TlsSessionResult(String policyDomain, PolicyType policyType, List<String> policyStrings, String mxHost,
                            InetAddress receivingIp, Optional<String> failure) {
        public TlsSessionResult {
            policyStrings = List.copyOf(policyStrings);
        }
    }

    /** The policy a hop's TLS requirement stands for (a PKIX requirement on an MX hop comes from MTA-STS). */
    static PolicyType policyType(TlsRequirement tls) {
        return switch (tls) {
            case TlsRequirement.Opportunistic o -> PolicyType.NO_POLICY_FOUND;
            case TlsRequirement.Pkix p -> PolicyType.STS;
            case TlsRequirement.Dane d -> PolicyType.TLSA;
        };
    }

    /** RFC 8460 §4.4 policy-string: the TLSA records or the MTA-STS policy lines applied. */
    static List<String> policyStrings(TlsRequirement tls) {
        return switch (tls) {
            // RFC 8460 §4.4: TLSA records in presentation form ("3 1 1 hex").
            case TlsRequirement.Dane d -> d.records().stream().map(r -> r.usage() + " " + r.selector() + " "
                    + r.matchingType() + " " + HexFormat.of().formatHex(r.data())).toList();
            case TlsRequirement.Pkix p -> p.policyStrings();
            case TlsRequirement.Opportunistic o -> List.of();
        };
    }

    /**
     * RFC 8460 §4.4: an MTA-STS policy as policy-string, one element per policy line
     * ("version: STSv1", "mode: …", each "mx: …", "max_age: …"), rebuilt from the parsed policy.
     */
    static List<String> stsPolicyStrings(MtaStsPolicy policy) {
        List<String> lines = new ArrayList<>();
        lines.add("version: STSv1");
        lines.add("mode: " + policy.mode().name().toLowerCase(Locale.ROOT));
        policy.mx().forEach(mx -> lines.add("mx: " + mx));
        lines.add("max_age: " + policy.maxAge().toSeconds());
        return List.copyOf(lines);
    }

    /** RFC 8460 §4.3: the result-type of a failed handshake under a requirement. */
    static String handshakeFailure(TlsRequirement tls, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return "certificate-expired"; // RFC 8460 §4.3.1
            }
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("subject alternative") || m.contains("no name matching")) {
                return "certificate-host-mismatch"; // RFC 8460 §4.3.1
            }
        }
        return switch (tls) {
            case TlsRequirement.Dane d -> "tlsa-invalid"; // RFC 8460 §4.3.2.1: no TLSA record matched
            case TlsRequirement.Pkix p -> "certificate-not-trusted"; // RFC 8460 §4.3.1
            case TlsRequirement.Opportunistic o -> "validation-failure"; // RFC 8460 §4.3.3
        };
    }
}
