package dev.facteur.store;

import dev.facteur.core.mail.EmailAddress;
import java.util.List;

/** An alias: mail for {@code source} goes to each of {@code targets} (local accounts or external addresses). */
public record Alias(AliasSource source, List<EmailAddress> targets) {
    public Alias {
        targets = List.copyOf(targets);
    }
}
