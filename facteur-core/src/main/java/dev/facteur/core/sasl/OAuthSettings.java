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
 * @param audience the required {@code aud} value (this server)
 * @param jwksFile a JWK Set file (RFC 7517 §5), re-read when it changes; or
 * @param jwksUrl a JWK Set URL (fetched and cached)
 * @param accountClaim the claim naming the account, e.g. {@code email} or {@code sub}
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 */
public record OAuthSettings(String issuer, String audience, Optional<Path> jwksFile, Optional<URI> jwksUrl,
                            String accountClaim, Duration clockSkew) {
    public OAuthSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(accountClaim, "accountClaim");
        if (issuer.isBlank() || audience.isBlank() || accountClaim.isBlank()) {
            throw new IllegalArgumentException("OAuth issuer, audience and account claim must be set");
        }
        if (jwksFile.isPresent() == jwksUrl.isPresent()) {
            throw new IllegalArgumentException("set exactly one of the JWKS file and the JWKS URL");
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("clockSkew must be between 0 and 10 minutes");
        }
    }
}
