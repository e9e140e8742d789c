package dev.facteur.smtp.server;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.sasl.CredentialLookup;
import dev.facteur.core.sasl.StoredCredential;
import dev.facteur.core.sasl.UserCredentials;
import dev.facteur.store.Account;
import dev.facteur.store.Directory;
import java.util.Optional;

/**
 * SASL credentials from the store's directory: the login name is the account's address; the
 * stored hash is a {@link StoredCredential} string. (IMAP and POP3 need the same; it belongs in
 * facteur-server's wiring, kept here until then.)
 */
public final class StoreCredentialLookup implements CredentialLookup {
    private final Directory directory;

    public StoreCredentialLookup(Directory directory) {
        this.directory = directory;
    }

    @Override
    public Optional<UserCredentials> find(String username) {
        EmailAddress address;
        try {
            address = EmailAddress.parse(username.strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Optional<Account> account = directory.findAccount(address);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        Account a = account.get();
        try {
            return Optional.of(new UserCredentials(a.address().toString(), StoredCredential.parse(a.passwordHash()),
                    a.disabled()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // an unusable stored hash: nobody can log in with it
        }
    }
}
