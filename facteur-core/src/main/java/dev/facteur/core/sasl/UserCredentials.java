package dev.facteur.core.sasl;

/**
 * What the credential lookup knows about a login name.
 *
 * @param account the canonical account name to report on success (e.g. {@code alice@example.com})
 */
public record UserCredentials(String account, StoredCredential credential, boolean disabled) {

    @Override
    public String toString() {
        return "UserCredentials[" + account + "]";
    }
}
