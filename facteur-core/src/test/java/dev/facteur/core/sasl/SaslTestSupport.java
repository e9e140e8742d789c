package dev.facteur.core.sasl;

import dev.facteur.core.security.PasswordHasher;
import java.util.Map;
import java.util.Optional;

/** A cheap hasher and a one-user directory for SASL tests. */
final class SaslTestSupport {
    static final PasswordHasher FAST = new PasswordHasher(new PasswordHasher.Parameters(8, 1, 1));

    private SaslTestSupport() {
    }

    static CredentialLookup users(Map<String, String> passwords, String disabledUser) {
        Map<String, StoredCredential> stored = new java.util.HashMap<>();
        passwords.forEach((u, p) -> stored.put(u, StoredCredential.fromPassword(p, FAST, 4096)));
        return name -> Optional.ofNullable(stored.get(name.toLowerCase(java.util.Locale.ROOT)))
                .map(c -> new UserCredentials(name.toLowerCase(java.util.Locale.ROOT), c, name.equalsIgnoreCase(disabledUser)));
    }
}
