package dev.facteur.core.sasl;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How OAuth2 bearer tokens (JWT access tokens, RFC 9068) are checked.
 *
 * @param issuer the required {@code iss} claim
 * @param audience the required {@code aud} value (this server); when empty, {@code aud} is not
 *                 checked (only for an issuer that mints tokens for this server alone)
 * @param jwksFile a JWK Set file (RFC 7517 §5), re-read when it changes; or
 * @param jwksUrl a JWK Set URL (fetched and cached)
 * @param accountClaim the claim naming the account, e.g. {@code email} or {@code sub}
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 */
public record OAuthSettings(String issuer, Optional<String> audience, Optional<Path> jwksFile, Optional<URI> jwksUrl,
                            String accountClaim, Duration clockSkew) {
    public OAuthSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(accountClaim, "accountClaim");
        if (issuer.isBlank() || accountClaim.isBlank() || audience.isPresent() && audience.get().isBlank()) {
            throw new IllegalArgumentException("OAuth issuer and account claim must be set, and the audience not blank");
        }
        if (jwksFile.isPresent() == jwksUrl.isPresent()) {
            throw new IllegalArgumentException("set exactly one of the JWKS file and the JWKS URL");
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("clockSkew must be between 0 and 10 minutes");
        }
    }

    /**
     * Builds the settings from configuration text: {@code jwks} is an {@code https://} URL
     * (or {@code http://} for loopback tests) or else a file path.
     */
    public static OAuthSettings of(String issuer, String jwks, Optional<String> audience, String accountClaim) {
        boolean url = jwks.startsWith("https://") || jwks.startsWith("http://");
        return new OAuthSettings(issuer, audience, url ? Optional.empty() : Optional.of(Path.of(jwks)),
                url ? Optional.of(URI.create(jwks)) : Optional.empty(), accountClaim, Duration.ofSeconds(60));
    }
}
