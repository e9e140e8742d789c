package dev.facteur.core.sasl;

import dev.facteur.core.security.PasswordHasher;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The mechanisms a server offers and the factory of exchanges for them. One instance per
 * server, shared by every listener and thread.
 */
public final class SaslAuthenticator {
    /** Mechanism names in the order they are advertised (strongest first). */
    public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    public static final String PLAIN = "PLAIN";
    public static final String LOGIN = "LOGIN";
    public static final String OAUTHBEARER = "OAUTHBEARER";
    public static final String XOAUTH2 = "XOAUTH2";

    private final CredentialLookup lookup;
    private final PasswordCheck passwords;
    private final Optional<BearerCheck> bearer;
    private final SecureRandom random = new SecureRandom();
    private final byte[] fakeSaltKey = new byte[32];

    /**
     * @param oauth token validation for OAUTHBEARER and XOAUTH2; empty leaves them out
     */
    public SaslAuthenticator(CredentialLookup lookup, PasswordHasher hasher, Optional<OAuthTokenValidator> oauth) {
        this.lookup = lookup;
        this.passwords = new PasswordCheck(lookup, hasher);
        this.bearer = oauth.map(v -> new BearerCheck(v, lookup));
        random.nextBytes(fakeSaltKey);
    }

    /** The mechanism names to advertise. */
    public List<String> mechanisms() {
        List<String> names = new ArrayList<>(List.of(SCRAM_SHA_256, PLAIN, LOGIN));
        if (bearer.isPresent()) {
            names.add(OAUTHBEARER);
            names.add(XOAUTH2);
        }
        return List.copyOf(names);
    }

    /** A new exchange for the named mechanism (case-insensitive), or empty if not offered. */
    public Optional<SaslExchange> start(String mechanism) {
        String name = mechanism.toUpperCase(Locale.ROOT);
        return switch (name) {
            case PLAIN -> Optional.of(new PlainExchange(passwords));
            case LOGIN -> Optional.of(new LoginExchange(passwords));
            case SCRAM_SHA_256 -> Optional.of(new ScramSha256Exchange(lookup, fakeSaltKey, random));
            case OAUTHBEARER -> bearer.map(OAuthBearerExchange::new);
            case XOAUTH2 -> bearer.map(XOAuth2Exchange::new);
            default -> Optional.empty();
        };
    }
}
