package dev.facteur.core.sasl;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Checks OAuth2 JWT access tokens: signature against the JWKS (asymmetric algorithms only),
 * {@code iss}, {@code aud}, {@code exp} and {@code nbf} (RFC 7519 §4.1, RFC 9068 §4), and reads
 * the account from the configured claim. Thread-safe.
 */
public final class OAuthTokenValidator {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);
    /** Tokens longer than this are refused unparsed. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final OAuthSettings settings;
    private final DefaultJWTProcessor<SecurityContext> processor;

    public OAuthTokenValidator(OAuthSettings settings, InstantSource clock) {
        this.settings = settings;
        JWKSource<SecurityContext> keys = settings.jwksFile().<JWKSource<SecurityContext>>map(FileJwks::new)
                .orElseGet(() -> urlSource(settings));
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                settings.audience().map(Set::of).orElse(null), // null: aud not checked
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of("exp", settings.accountClaim()), Set.of()) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    private static JWKSource<SecurityContext> urlSource(OAuthSettings s) {
        try {
            return JWKSourceBuilder.<SecurityContext>create(s.jwksUrl().orElseThrow().toURL()).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad JWKS URL: " + s.jwksUrl().orElseThrow(), e);
        }
    }

    public TokenVerdict validate(String token) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return new TokenVerdict.Invalid("token empty or too long");
        }
        try {
            JWTClaimsSet claims = processor.process(token, null);
            Object account = claims.getClaim(settings.accountClaim());
            if (!(account instanceof String name) || name.isBlank()) {
                return new TokenVerdict.Invalid("claim " + settings.accountClaim() + " is not a string");
            }
            return new TokenVerdict.Valid(name);
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            return new TokenVerdict.Invalid(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** A JWK Set file, re-read when its modification time or size changes. */
    private static final class FileJwks implements JWKSource<SecurityContext> {
        private final Path file;
        private volatile JWKSet keys = new JWKSet();
        private volatile String stamp = "";

        FileJwks(Path file) {
            this.file = file;
        }

        @Override
        public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
            try {
                String now = Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file);
                if (!now.equals(stamp)) {
                    keys = JWKSet.load(file.toFile());
                    stamp = now;
                }
            } catch (IOException | ParseException e) {
                throw new KeySourceException("cannot read JWKS file " + file + ": " + e.getMessage(), e);
            }
            return selector.select(keys);
        }
    }
}
