package dev.facteur.store;

import dev.facteur.core.mail.EmailAddress;
import java.util.List;
import java.util.Optional;

/** Where mail for a local recipient goes. */
public sealed interface Resolution {

    /**
     * Delivered to local accounts (each with an optional mailbox-selecting tag from
     * sub-addressing, RFC 5233) and forwarded to external addresses.
     */
    record Deliver(List<LocalTarget> local, List<EmailAddress> external) implements Resolution {
        public Deliver {
            local = List.copyOf(local);
            external = List.copyOf(external);
        }
    }

    /** The domain is ours but no account, alias or catch-all matches. */
    record Unknown() implements Resolution {}

    /** A local account to deliver to; {@code tag} is the {@code +tag} part, if any. */
    record LocalTarget(Account account, Optional<String> tag) {}
}
