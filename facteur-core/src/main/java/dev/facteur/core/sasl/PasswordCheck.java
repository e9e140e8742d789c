package dev.facteur.core.sasl;

import dev.facteur.core.security.PasswordHasher;
import java.util.Optional;

/** Verifies a user name and password for PLAIN and LOGIN, with equal work for unknown users. */
final class PasswordCheck {
    private final CredentialLookup lookup;
    private final PasswordHasher hasher;
    private volatile String dummyHash; // made on first need: an Argon2id run costs start-up time

    PasswordCheck(CredentialLookup lookup, PasswordHasher hasher) {
        this.lookup = lookup;
        this.hasher = hasher;
    }

    private String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            h = hasher.hash("facteur-dummy-password-for-timing");
            dummyHash = h; // a race makes two equivalent hashes; either serves
        }
        return h;
    }

    SaslStep check(String username, String password) {
        if (username.isEmpty() || password.isEmpty()) {
            return new SaslStep.Failure(SaslStep.Reason.INVALID_CREDENTIALS);
        }
        Optional<UserCredentials> user = lookup.find(username);
        if (user.isEmpty()) {
            hasher.verify(password, dummyHash()); // the same cost as a real check: no user enumeration by timing
            return new SaslStep.Failure(SaslStep.Reason.INVALID_CREDENTIALS);
        }
        UserCredentials u = user.get();
        if (!u.credential().verifyPassword(password, hasher)) {
            return new SaslStep.Failure(SaslStep.Reason.INVALID_CREDENTIALS);
        }
        if (u.disabled()) {
            return new SaslStep.Failure(SaslStep.Reason.ACCOUNT_DISABLED);
        }
        return new SaslStep.Success(u.account());
    }
}
