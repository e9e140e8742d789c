package dev.facteur.store;

import dev.facteur.core.mail.EmailAddress;
import java.time.Instant;

/**
 * A mail account: one login, one set of mailboxes.
 *
 * @param quotaBytes storage quota in bytes; 0 means unlimited
 */
public record Account(long id, EmailAddress address, String passwordHash, long quotaBytes,
                      boolean disabled, Instant created) {

    @Override
    public String toString() {
        // Never print the hash.
        return "Account[" + id + ", " + address + "]";
    }
}
