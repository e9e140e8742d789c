package dev.facteur.store;

import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import java.util.List;
import java.util.Optional;

/**
 * Domains, accounts, aliases and quotas. Changes here are live: a running server sees them
 * on its next lookup. Mutations throw {@link ConflictException} for duplicates and
 * dependency violations, and leave nothing half-written.
 */
public interface Directory {

    DomainRecord addDomain(Domain domain);

    List<DomainRecord> domains();

    Optional<DomainRecord> findDomain(Domain domain);

    /** Refuses (ConflictException) while the domain still has accounts or aliases. */
    void removeDomain(Domain domain);

    /**
     * Creates the account with its password hash (the caller hashes, see
     * {@code dev.facteur.core.security.PasswordHasher}) and its mailboxes (INBOX, and Sent,
     * Drafts, Trash, Junk, Archive with their special use), all subscribed, in the same
     * transaction. ConflictException for an unknown domain, an existing account or an alias
     * with that address.
     */
    Account addAccount(EmailAddress address, String passwordHash);

    List<Account> accounts(Optional<Domain> domain);

    /** Looks up by canonical address (case-insensitive local part). */
    Optional<Account> findAccount(EmailAddress address);

    Optional<Account> findAccount(long accountId);

    /** Removes the account, its mailboxes and messages, and aliases pointing only to it. */
    void removeAccount(EmailAddress address);

    void setPassword(EmailAddress address, String passwordHash);

    /**
     * Disables or enables an account. A disabled account keeps its mail; what it may do (log in,
     * receive) is the protocols' decision: {@link #resolve} still returns it, flagged.
     */
    void setDisabled(EmailAddress address, boolean disabled);

    /** Sets the storage quota in bytes; 0 means unlimited. */
    void setQuota(EmailAddress address, long bytes);

    /** Bytes currently stored for the account (sum of message sizes). */
    long usage(long accountId);

    /**
     * Adds one target to an alias (creating it). ConflictException for an unknown domain, a
     * source that is an account, or a target already there. Returns the alias with all targets.
     */
    Alias addAlias(AliasSource source, EmailAddress target);

    List<Alias> aliases(Optional<Domain> domain);

    /** Removes one target of an alias, or every target when {@code target} is empty. */
    void removeAlias(AliasSource source, Optional<EmailAddress> target);

    /**
     * Resolves a recipient for local delivery: exact account; exact alias; sub-address
     * ({@code user+tag} to {@code user}); catch-all. Returns empty if the domain is not
     * local, and {@link Resolution.Unknown} if the domain is local but nobody is there.
     * Aliases pointing at local aliases are followed (cycles cut, depth bounded); local targets
     * that name nobody are dropped.
     */
    Optional<Resolution> resolve(EmailAddress recipient);
}
