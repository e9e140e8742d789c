package dev.facteur.core.sasl;

import dev.facteur.core.security.PasswordHasher;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * What an account stores instead of its password, as one string:
 * {@code <Argon2id PHC string>} optionally followed by a space and an RFC 5803 SCRAM-SHA-256
 * verifier, e.g. {@code $argon2id$v=19$m=19456,t=2,p=1$…$… SCRAM-SHA-256$4096:…$…:…}.
 * PLAIN and LOGIN verify against the Argon2id part; SCRAM-SHA-256 uses the verifier (an
 * account stored without one cannot use SCRAM until its password is set again).
 */
public record StoredCredential(String argon2id, Optional<ScramCredential> scram) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public StoredCredential {
        if (!argon2id.startsWith("$argon2id$") || argon2id.contains(" ")) {
            throw new IllegalArgumentException("not an Argon2id PHC string");
        }
    }

    /** Hashes a new password both ways (what {@code admin account add/passwd} stores). */
    public static StoredCredential fromPassword(String password) {
        return fromPassword(password, new PasswordHasher(), ScramCredential.DEFAULT_ITERATIONS);
    }

    public static StoredCredential fromPassword(String password, PasswordHasher hasher, int scramIterations) {
        return new StoredCredential(hasher.hash(password),
                Optional.of(ScramCredential.fromPassword(password, scramIterations, RANDOM)));
    }

    /** Parses the stored string; a bare Argon2id PHC string is accepted (no SCRAM). */
    public static StoredCredential parse(String stored) {
        int space = stored.indexOf(' ');
        if (space < 0) {
            return new StoredCredential(stored, Optional.empty());
        }
        return new StoredCredential(stored.substring(0, space),
                Optional.of(ScramCredential.parse(stored.substring(space + 1))));
    }

    public String encode() {
        return scram.map(s -> argon2id + " " + s.encode()).orElse(argon2id);
    }

    /** Checks a password against the Argon2id hash (constant-time comparison). */
    public boolean verifyPassword(String password, PasswordHasher hasher) {
        return hasher.verify(password, argon2id);
    }

    @Override
    public String toString() {
        return "StoredCredential[argon2id" + (scram.isPresent() ? "+scram" : "") + "]";
    }
}
