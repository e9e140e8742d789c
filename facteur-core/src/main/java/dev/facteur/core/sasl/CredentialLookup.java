package dev.facteur.core.sasl;

import java.util.Optional;

/**
 * Finds the stored credentials for a login name as the client typed it. The server implements
 * it over the store's directory (core does not depend on the store). Must not throw for an
 * unknown or malformed name: return empty.
 */
@FunctionalInterface
public interface CredentialLookup {
    Optional<UserCredentials> find(String username);
}
