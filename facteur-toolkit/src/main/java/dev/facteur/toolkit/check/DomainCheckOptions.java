package dev.facteur.toolkit.check;

import java.time.Duration;
import java.util.List;

/**
 * Options of {@link DomainChecker}.
 *
 * @param selectors DKIM selectors to try besides the common ones
 * @param probeSmtp whether to connect to each MX host
 * @param smtpPort the port of the probe (25; tests use another)
 * @param dnsbls DNS block list zones to query for each MX address (empty: none)
 * @param timeout the wait for each network step of the probe and the policy fetch
 * @param heloName the name sent in EHLO
 */
public record DomainCheckOptions(List<String> selectors, boolean probeSmtp, int smtpPort, List<String> dnsbls,
        Duration timeout, String heloName) {

    public DomainCheckOptions {
        selectors = List.copyOf(selectors);
        dnsbls = List.copyOf(dnsbls);
        for (String s : selectors) {
            if (!s.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*") || s.length() > 63) {
                throw new IllegalArgumentException("invalid DKIM selector: " + dev.facteur.toolkit.report.Printable.of(s, 40));
            }
        }
        if (smtpPort < 1 || smtpPort > 65535) {
            throw new IllegalArgumentException("smtpPort out of range");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** No extra selectors, SMTP probe on port 25, no block lists, 10 s timeouts. */
    public static DomainCheckOptions defaults() {
        return new DomainCheckOptions(List.of(), true, 25, List.of(), Duration.ofSeconds(10), "check.facteur.invalid");
    }
}
