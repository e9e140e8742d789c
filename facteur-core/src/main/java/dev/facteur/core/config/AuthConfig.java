package dev.facteur.core.config;

import java.util.Optional;

/**
 * Authentication settings shared by submission, IMAP and POP3.
 *
 * @param allowPlaintextOnLoopback accept passwords without TLS from 127.0.0.0/8 and ::1
 * @param oauth2 OAuth2 bearer-token validation, when configured
 */
public record AuthConfig(boolean allowPlaintextOnLoopback, Optional<OAuth2Config> oauth2) {

    /**
     * @param jwks a file path or an https URL of the issuer's JSON Web Key Set
     * @param audience the {@code aud} tokens must carry (RFC 9068 §4)
     * @param claim the token claim that names the account (e.g. {@code email})
     */
    public record OAuth2Config(String issuer, String jwks, String audience, String claim) {}
}
