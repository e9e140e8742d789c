package dev.facteur.core.config;

import dev.facteur.core.mail.EmailAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Reporting: DMARC aggregate (RFC 9990) and failure (RFC 9991) reports and TLS-RPT (RFC 8460).
 *
 * @param enabled send the daily reports (results are recorded either way, for {@code facteur report})
 * @param from the address reports are sent from; required when enabled
 * @param orgName the reporting organisation's name in reports (default: the host name)
 * @param failureReports send DMARC failure reports where the record's fo= asks for them
 * @param ingestAddress a local account whose incoming aggregate reports are parsed and stored
 * @param retention how long recorded results and received reports are kept
 */
public record ReportsConfig(boolean enabled, Optional<EmailAddress> from, String orgName, boolean failureReports,
                            Optional<EmailAddress> ingestAddress, Duration retention) {
    public ReportsConfig {
        if (enabled && from.isEmpty()) {
            throw new IllegalArgumentException("reports need a from address when enabled");
        }
    }
}
