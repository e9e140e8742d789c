package dev.facteur.toolkit.check;

import dev.facteur.auth.dns.DnsResolver;
import java.time.Duration;

/** Fetches an MTA-STS policy over HTTPS (RFC 8461 §3.3); injected so that tests choose the port and the trust. */
@FunctionalInterface
public interface PolicyFetcher {

    /** The outcome of one fetch. */
    sealed interface Result {
        /** Status 200: the body and the media type the server declared. */
        record Fetched(String body, String contentType) implements Result {
            public Fetched(String body) {
                this(body, "text/plain");
            }
        }

        /** No policy: why, and at which step. */
        record Failed(Step step, String reason) implements Result {
            public Failed(String reason) {
                this(Step.CONNECT, reason);
            }
        }
    }

    /** Where a fetch failed. */
    enum Step {
        /** No address for mta-sts.DOMAIN, refused connection, timeout. */
        CONNECT,
        /** The certificate is untrusted, expired or does not name mta-sts.DOMAIN. */
        CERTIFICATE,
        /** A status other than 200 (redirects included, RFC 8461 §3.3). */
        STATUS,
        /** Not HTTP, too large, or cut short. */
        PROTOCOL
    }

    Result fetch(String policyDomain);

    /**
     * RFC 8461 §3.3: HTTPS to mta-sts.DOMAIN on port 443, resolved through {@code dns} (the
     * toolkit's resolver, so {@code --dns} applies), judged by the system's trust store.
     */
    static PolicyFetcher https(DnsResolver dns, Duration timeout) {
        return new HttpsPolicyFetcher(dns, 443, CertificateCheck.systemTrust(), timeout);
    }
}
