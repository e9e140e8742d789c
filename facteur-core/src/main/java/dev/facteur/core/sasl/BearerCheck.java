package dev.facteur.core.sasl;

import java.util.Optional;

/** Turns a bearer token and the user the client claims into an account, or a failure. */
final class BearerCheck {
    private final OAuthTokenValidator validator;
    private final CredentialLookup lookup;

    BearerCheck(OAuthTokenValidator validator, CredentialLookup lookup) {
        this.validator = validator;
        this.lookup = lookup;
    }

    /** {@code claimedUser} is the user the SASL message names (a= or user=), if any. */
    SaslStep check(String token, Optional<String> claimedUser) {
        if (!(validator.validate(token) instanceof TokenVerdict.Valid valid)) {
            return new SaslStep.Failure(SaslStep.Reason.INVALID_CREDENTIALS);
        }
        Optional<UserCredentials> user = lookup.find(valid.account());
        if (user.isEmpty()) {
            return new SaslStep.Failure(SaslStep.Reason.INVALID_CREDENTIALS);
        }
        // RFC 7628 §3.1: the authzid, when given, must be the identity the token was issued for.
        if (claimedUser.isPresent() && !claimedUser.get().equalsIgnoreCase(valid.account())
                && !claimedUser.get().equalsIgnoreCase(user.get().account())) {
            return new SaslStep.Failure(SaslStep.Reason.INVALID_CREDENTIALS);
        }
        if (user.get().disabled()) {
            return new SaslStep.Failure(SaslStep.Reason.ACCOUNT_DISABLED);
        }
        return new SaslStep.Success(user.get().account());
    }

    /** The value after {@code auth=Bearer } (scheme case-insensitive, RFC 6750 §2.1), if well-formed. */
    static Optional<String> bearerToken(String authValue) {
        if (authValue.length() < 8 || !authValue.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = authValue.substring(7).trim();
        // RFC 6750 §2.1 b64token characters only.
        return token.matches("[A-Za-z0-9\\-._~+/]+=*") ? Optional.of(token) : Optional.empty();
    }
}
