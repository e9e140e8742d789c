package dev.facteur.toolkit.verify;

import java.time.Duration;

/**
 * Settings of the address verifier.
 *
 * @param smtpPort the port callouts connect to (25; tests point it elsewhere)
 * @param heloName the name sent in EHLO
 * @param mailFrom the reverse-path of the callout; empty for the null sender {@code <>}
 * @param connectTimeout the wait for a TCP connection
 * @param readTimeout the wait for each reply
 * @param sessionLimit the whole time one SMTP session may take (bounds tarpits and trickling servers)
 * @param greylistRetries how many times a 4xx RCPT is retried after the server's delay
 * @param greylistDefaultDelay the delay when the server does not say one
 * @param greylistMaxDelay the longest delay we wait, whatever the server asks
 * @param maxConnectionsPerHost connections at once to one host address
 * @param rcptsPerTransaction recipients sent in one transaction before RSET (RFC 5321 §4.5.3.1.8 asks servers to take 100)
 * @param parallelDomains domains verified at once in bulk runs
 */
public record VerifierConfig(int smtpPort, String heloName, String mailFrom, Duration connectTimeout,
        Duration readTimeout, Duration sessionLimit, int greylistRetries, Duration greylistDefaultDelay,
        Duration greylistMaxDelay, int maxConnectionsPerHost, int rcptsPerTransaction, int parallelDomains) {

    public VerifierConfig {
        if (smtpPort < 1 || smtpPort > 65535) {
            throw new IllegalArgumentException("smtpPort out of range: " + smtpPort);
        }
        dev.facteur.core.mail.Domain.of(heloName);
        if (!mailFrom.isEmpty()) {
            dev.facteur.core.mail.EmailAddress.parse(mailFrom);
        }
        positive(connectTimeout, "connectTimeout");
        positive(readTimeout, "readTimeout");
        positive(sessionLimit, "sessionLimit");
        if (greylistRetries < 0 || greylistRetries > 5) {
            throw new IllegalArgumentException("greylistRetries must be 0..5");
        }
        if (greylistDefaultDelay.isNegative() || greylistMaxDelay.isNegative()) {
            throw new IllegalArgumentException("greylist delays must not be negative");
        }
        if (maxConnectionsPerHost < 1 || rcptsPerTransaction < 1 || rcptsPerTransaction > 100 || parallelDomains < 1) {
            throw new IllegalArgumentException("connection and recipient limits must be positive (recipients ≤ 100)");
        }
    }

    private static void positive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** Port 25, null sender, 10 s connect, 30 s per reply, 60 s per session, one greylist retry waiting at most 5 minutes. */
    public static VerifierConfig defaults(String heloName) {
        return new VerifierConfig(25, heloName, "", Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 1, Duration.ofSeconds(60), Duration.ofMinutes(5), 2, 50, 16);
    }

    public VerifierConfig withPort(int port) {
        return new VerifierConfig(port, heloName, mailFrom, connectTimeout, readTimeout, sessionLimit, greylistRetries,
                greylistDefaultDelay, greylistMaxDelay, maxConnectionsPerHost, rcptsPerTransaction, parallelDomains);
    }

    public VerifierConfig withTimeouts(Duration connect, Duration read, Duration session) {
        return new VerifierConfig(smtpPort, heloName, mailFrom, connect, read, session, greylistRetries,
                greylistDefaultDelay, greylistMaxDelay, maxConnectionsPerHost, rcptsPerTransaction, parallelDomains);
    }

    public VerifierConfig withLimits(int perHost, int rcpts, int domains) {
        return new VerifierConfig(smtpPort, heloName, mailFrom, connectTimeout, readTimeout, sessionLimit, greylistRetries,
                greylistDefaultDelay, greylistMaxDelay, perHost, rcpts, domains);
    }
}
