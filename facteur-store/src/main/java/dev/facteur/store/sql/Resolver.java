package dev.facteur.store.sql;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.store.Account;
import dev.facteur.store.Resolution;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves one recipient inside a read transaction: exact account, exact alias, sub-address
 * (RFC 5233), catch-all. Alias targets that are local are followed (to a bounded depth, cycles
 * cut); targets in other domains are forwarded.
 */
final class Resolver {
    /** How deep aliases may point to aliases before the chain is cut. */
    private static final int MAX_DEPTH = 8;

    private final Tx tx;
    private final Map<Long, Resolution.LocalTarget> local = new LinkedHashMap<>();
    private final Map<String, EmailAddress> external = new LinkedHashMap<>();
    private final Set<String> visited = new HashSet<>();

    Resolver(Tx tx) {
        this.tx = tx;
    }

    Optional<Resolution> resolve(EmailAddress recipient) throws SQLException {
        if (SqlDirectory.domainId(tx, recipient.domain()).isEmpty()) {
            return Optional.empty();
        }
        if (expand(recipient, Optional.empty(), 0)) {
            return Optional.of(deliver());
        }
        String localPart = recipient.localPart();
        // RFC 5233 §1: the sub-address follows the first separator; "+" is ours.
        int plus = localPart.indexOf('+');
        if (plus > 0) {
            EmailAddress base = new EmailAddress(localPart.substring(0, plus), recipient.domain());
            String tag = localPart.substring(plus + 1);
            if (expand(base, tag.isEmpty() ? Optional.empty() : Optional.of(tag), 0)) {
                return Optional.of(deliver());
            }
        }
        List<EmailAddress> catchAll = SqlDirectory.targetsOf(tx, "@" + recipient.domain().name());
        if (!catchAll.isEmpty()) {
            for (EmailAddress target : catchAll) {
                follow(target, 1);
            }
            return Optional.of(deliver());
        }
        return Optional.of(new Resolution.Unknown());
    }

    private Resolution deliver() {
        return new Resolution.Deliver(List.copyOf(local.values()), List.copyOf(external.values()));
    }

    /** Adds what {@code address} names (an account or an alias); false if it names nothing. */
    private boolean expand(EmailAddress address, Optional<String> tag, int depth) throws SQLException {
        Optional<Account> account = SqlDirectory.accountRow(tx, address);
        if (account.isPresent()) {
            local.putIfAbsent(account.get().id(), new Resolution.LocalTarget(account.get(), tag));
            return true;
        }
        List<EmailAddress> targets = SqlDirectory.targetsOf(tx, address.canonical());
        if (targets.isEmpty()) {
            return false;
        }
        if (visited.add(address.canonical())) {
            for (EmailAddress target : targets) {
                follow(target, depth + 1);
            }
        }
        return true;
    }

    private void follow(EmailAddress target, int depth) throws SQLException {
        if (SqlDirectory.domainId(tx, target.domain()).isEmpty()) {
            external.putIfAbsent(target.canonical(), target);
        } else if (depth <= MAX_DEPTH) {
            // A local target naming nobody is dropped: mail is not forwarded to ourselves in a loop.
            expand(target, Optional.empty(), depth);
        }
    }
}
