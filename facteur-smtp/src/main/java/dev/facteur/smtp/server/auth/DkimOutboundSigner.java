package dev.facteur.smtp.server.auth;

import dev.facteur.auth.dkim.DkimSigner;
import dev.facteur.auth.dkim.DkimSigningKey;
import dev.facteur.auth.dmarc.AuthorDomains;
import dev.facteur.auth.message.MailMessage;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.smtp.server.Envelope;
import dev.facteur.smtp.server.OutboundSigner;
import dev.facteur.smtp.server.SessionInfo;
import dev.facteur.smtp.server.auth.DkimKeyStore.StoredKey;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs submitted mail with every active DKIM key of its author domain (RFC 6376 §5): an
 * RSA-2048 and an Ed25519 signature (RFC 8463 §5), relaxed/relaxed, From and the other
 * {@link DkimSigner#DEFAULT_HEADERS} signed, From, To, Cc, Subject, Date and Reply-To oversigned
 * (RFC 6376 §8.15). Mail whose From domain has no active key passes unsigned.
 *
 * <p>Only submission sessions are signed, and only when the From domain is the domain of the
 * authenticated account or of the envelope sender (which the server has checked the account
 * owns): mail relayed from the MX role (alias forwarding) keeps the signatures it came with.
 *
 * <p>Keys are parsed once and cached per domain; the store is read again after
 * {@code refresh} and the cache is rebuilt when the domain's entries changed (rotation).
 */
public final class DkimOutboundSigner implements OutboundSigner {
    private static final Logger LOG = LoggerFactory.getLogger(DkimOutboundSigner.class);

    private record Cached(Map<String, String> entries, Optional<DkimSigner> signer, Instant checked) {}

    private final DkimKeyStore keys;
    private final InstantSource clock;
    private final Duration refresh;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param refresh how long a domain's keys are used before the store is asked again (zero: every message)
     */
    public DkimOutboundSigner(DkimKeyStore keys, InstantSource clock, Duration refresh) {
        if (refresh.isNegative()) {
            throw new IllegalArgumentException("refresh must not be negative");
        }
        this.keys = keys;
        this.clock = clock;
        this.refresh = refresh;
    }

    /** The usual construction: keys re-read at most every 30 seconds. */
    public static DkimOutboundSigner create(dev.facteur.store.Settings settings, InstantSource clock) {
        return new DkimOutboundSigner(new DkimKeyStore(settings), clock, Duration.ofSeconds(30));
    }

    @Override
    public byte[] sign(SessionInfo session, Envelope envelope, byte[] message) throws IOException {
        if (!session.role().isSubmission() || session.account().isEmpty()) {
            return message;
        }
        Optional<String> domain = signingDomain(session, envelope, message);
        if (domain.isEmpty()) {
            return message;
        }
        return signAs(domain.get(), message);
    }

    /**
     * Signs mail Facteur composes itself (DMARC and TLS-RPT reports, which RFC 7489 §7.2.1.1, kept
     * by RFC 9990, and RFC 8460 §5.3 want DKIM-signed) as {@code domain}, with every active key of
     * the domain, as submission does; the message comes back unchanged when the domain has none.
     * The caller passes the domain of the message's From, so that d= aligns (RFC 9989 §4.4.1).
     */
    public byte[] signAs(String domain, byte[] message) throws IOException {
        String d = domain.toLowerCase(Locale.ROOT);
        Optional<DkimSigner> signer = signerFor(d);
        if (signer.isEmpty()) {
            return message;
        }
        try {
            return signer.get().signedMessage(message);
        } catch (GeneralSecurityException e) {
            // A key the JDK refuses is a local fault: do not queue the message unsigned behind the user's back.
            throw new IOException("DKIM signing failed for " + d, e);
        }
    }

    /** The author domain, if it is the account's or the envelope sender's domain. */
    private static Optional<String> signingDomain(SessionInfo session, Envelope envelope, byte[] message) {
        // RFC 6376 §5.1 leaves the choice of d= to the signer; DMARC (RFC 9989 §4.4.1) wants it aligned with From.
        Set<String> authors = AuthorDomains.of(MailMessage.parse(message));
        if (authors.size() != 1 || authors.contains("")) {
            return Optional.empty();
        }
        String author = authors.iterator().next();
        boolean owned = session.account().map(DkimOutboundSigner::domainOf).filter(author::equals).isPresent()
                || envelope.sender().map(EmailAddress::toString).map(DkimOutboundSigner::domainOf).filter(author::equals)
                .isPresent();
        if (!owned) {
            LOG.atInfo().addKeyValue("conn", session.connectionId()).addKeyValue("from", author)
                    .log("not signing: From domain is neither the account's nor the sender's");
        }
        return owned ? Optional.of(author) : Optional.empty();
    }

    private static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    Optional<DkimSigner> signerFor(String domain) throws IOException {
        Instant now = clock.instant();
        Cached c = cache.get(domain);
        if (c != null && now.isBefore(c.checked().plus(refresh))) {
            return c.signer();
        }
        Map<String, String> entries = keys.rawEntries(domain);
        if (c != null && c.entries().equals(entries)) {
            cache.put(domain, new Cached(c.entries(), c.signer(), now));
            return c.signer();
        }
        Optional<DkimSigner> signer = build(domain);
        cache.put(domain, new Cached(Map.copyOf(entries), signer, now));
        return signer;
    }

    private Optional<DkimSigner> build(String domain) throws IOException {
        List<DkimSigningKey> active = new ArrayList<>();
        try {
            for (StoredKey k : keys.keys(domain)) {
                if (k.active()) {
                    active.add(k.signingKey());
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("DKIM keys of " + domain + " are unusable", e);
        }
        // RFC 6376 §5.4: relaxed/relaxed survives the whitespace changes relays make.
        return active.isEmpty() ? Optional.empty()
                : Optional.of(new DkimSigner(active, clock, DkimSigner.Options.defaults()));
    }
}
