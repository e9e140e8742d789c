package dev.facteur.core.config;

import java.util.Optional;

/**
 * The HTTP listener's settings beyond its address.
 *
 * @param adminToken the bearer token of the admin API, read from {@code admin_token_file};
 *                   empty disables the admin API
 */
public record HttpConfig(Optional<DeliveryConfig.Secret> adminToken) {}
