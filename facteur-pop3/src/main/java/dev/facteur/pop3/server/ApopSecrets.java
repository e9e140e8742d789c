package dev.facteur.pop3.server;

import java.util.Optional;

/**
 * The shared secrets APOP needs (RFC 1939 §7): the digest is MD5(timestamp + secret), so the
 * server must know the secret itself, not a hash of it. Facteur's accounts store only Argon2id
 * hashes and SCRAM verifiers, so the server is normally built without this and APOP is not
 * offered; a deployment that keeps APOP secrets elsewhere can supply them here.
 */
@FunctionalInterface
public interface ApopSecrets {

    /** The canonical account name and its APOP secret for a user name, or empty if none. */
    Optional<Secret> find(String username);

    /** An APOP secret; its toString never shows the secret. */
    record Secret(String account, String secret) {
        @Override
        public String toString() {
            return "Secret[" + account + "]";
        }
    }
}
