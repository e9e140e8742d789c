package dev.facteur.smtp.server;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.smtp.outbound.Srs;
import dev.facteur.smtp.proto.Replies;
import dev.facteur.smtp.proto.SmtpReply;
import dev.facteur.store.Account;
import dev.facteur.store.Alias;
import dev.facteur.store.AliasSource;
import dev.facteur.store.Directory;
import dev.facteur.store.Resolution;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may send to whom. Unauthenticated clients reach local recipients only (RFC 5321 §3.6.2:
 * no open relay); authenticated clients may also reach remote ones, but only from an address
 * they own.
 */
final class RecipientPolicy {
    // RFC 3463 §3.2: X.1.1 bad destination mailbox address; a forged or stale SRS address names no
    // mailbox of ours (the SRS paper's "reject the bounce", as libsrs2 and postsrsd do with 550).
    static final SmtpReply BAD_SRS = SmtpReply.of(550, "5.1.1", "Invalid or expired SRS address");

    private final Directory directory;
    private final ResolutionCache resolutions;
    private final Optional<Srs> srs;

    /** The outcome for one RCPT. */
    sealed interface Decision {
        record Accepted(AcceptedRecipient.Destination destination) implements Decision {}

        record Refused(SmtpReply reply) implements Decision {}
    }

    RecipientPolicy(Directory directory, Optional<Srs> srs, ResolutionCache resolutions) {
        this.directory = directory;
        this.resolutions = resolutions;
        this.srs = srs;
    }

    Decision decide(Optional<Account> authenticated, EmailAddress recipient) {
        // Remembered for ResolutionCache.DEFAULT_TTL: a removed or disabled account stops receiving within it.
        Optional<Resolution> resolution = resolutions.resolve(recipient);
        if (resolution.isPresent() && srs.isPresent() && Srs.isSrs(recipient.localPart())) {
            return reversed(srs.get().reverseAtOurDomain(recipient));
        }
        if (resolution.isEmpty()) {
            // Not one of our domains: only an authenticated user's mail goes on to the queue.
            return authenticated.isPresent()
                    ? new Decision.Accepted(new AcceptedRecipient.Destination.Remote())
                    : new Decision.Refused(Replies.RELAY_DENIED);
        }
        return switch (resolution.get()) {
            case Resolution.Unknown u -> new Decision.Refused(Replies.NO_SUCH_USER);
            case Resolution.Deliver d -> deliverable(d);
        };
    }

    /** An SRS address at one of our domains: accepted only if its hash and timestamp verify. */
    private static Decision reversed(Srs.Reversed r) {
        return switch (r) {
            case Srs.Reversed.Valid v -> {
                try {
                    yield new Decision.Accepted(new AcceptedRecipient.Destination.SrsReversed(EmailAddress.parse(v.address())));
                } catch (IllegalArgumentException e) {
                    yield new Decision.Refused(BAD_SRS);
                }
            }
            case Srs.Reversed.Invalid i -> new Decision.Refused(BAD_SRS);
            case Srs.Reversed.NotSrs n -> new Decision.Refused(BAD_SRS); // isSrs held, so this cannot be reached
        };
    }

    private Decision deliverable(Resolution.Deliver d) {
        if (d.local().isEmpty() && d.external().isEmpty()) {
            return new Decision.Refused(Replies.NO_SUCH_USER);
        }
        for (Resolution.LocalTarget t : d.local()) {
            Account a = t.account();
            if (a.disabled()) {
                return new Decision.Refused(Replies.NO_SUCH_USER);
            }
            // RFC 3463 X.2.2: over quota is transient; the sender retries later.
            if (a.quotaBytes() > 0 && directory.usage(a.id()) >= a.quotaBytes()) {
                return new Decision.Refused(Replies.MAILBOX_FULL);
            }
        }
        return new Decision.Accepted(new AcceptedRecipient.Destination.Local(d));
    }

    /** True if the account may use {@code sender} as its envelope sender: its own address, a sub-address, or an alias of it. */
    boolean owns(Account account, EmailAddress sender) {
        String own = account.address().canonical();
        if (sender.canonical().equals(own)) {
            return true;
        }
        String local = sender.localPart();
        int plus = local.indexOf('+');
        if (plus > 0 && (local.substring(0, plus).toLowerCase(Locale.ROOT) + "@" + sender.domain().name()).equals(own)) {
            return true; // RFC 5233 sub-address of the account
        }
        for (Alias alias : directory.aliases(Optional.of(sender.domain()))) {
            if (alias.source() instanceof AliasSource.Exact exact
                    && exact.address().canonical().equals(sender.canonical())
                    && alias.targets().stream().anyMatch(t -> t.canonical().equals(own))) {
                return true;
            }
        }
        return false;
    }
}
