package dev.facteur.core.config;

import java.time.Duration;

/**
 * Limits that bound what one client can cost.
 *
 * @param maxMessageSize octets; advertised with SIZE (RFC 1870) and APPENDLIMIT
 * @param maxRecipients RFC 5321 §4.5.3.1.8 requires accepting at least 100
 * @param maxConnections across all listeners
 * @param maxConnectionsPerIp per client address
 * @param idleTimeout how long a session may wait for the next command once logged in
 *                    (RFC 5321 §4.5.3.2.7 asks at least 5 minutes for SMTP)
 * @param maxErrors protocol errors before a session is closed
 */
public record LimitsConfig(long maxMessageSize, int maxRecipients, int maxConnections,
                           int maxConnectionsPerIp, Duration idleTimeout, int maxErrors) {}
