package dev.facteur.store;

import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;

/** What an alias matches: one address, or every otherwise unknown address of a domain. */
public sealed interface AliasSource {
    Domain domain();

    record Exact(EmailAddress address) implements AliasSource {
        @Override
        public Domain domain() {
            return address.domain();
        }

        @Override
        public String toString() {
            return address.toString();
        }
    }

    record CatchAll(Domain domain) implements AliasSource {
        @Override
        public String toString() {
            return "@" + domain;
        }
    }

    /** Parses {@code user@example.com} or {@code @example.com} (catch-all). */
    static AliasSource parse(String text) {
        if (text.startsWith("@")) {
            return new CatchAll(Domain.of(text.substring(1)));
        }
        return new Exact(EmailAddress.parse(text));
    }
}
