package dev.facteur.core.config;

import java.time.Duration;

/**
 * Outbound delivery.
 *
 * @param port the port remote MX hosts are contacted on (25 unless a test sets another)
 * @param lifetime how long a message is retried before it bounces (RFC 5321 §4.5.4.1: 4-5 days)
 */
public record DeliveryConfig(int port, Duration lifetime) {}
