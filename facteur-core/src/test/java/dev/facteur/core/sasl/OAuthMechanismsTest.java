package dev.facteur.core.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OAuthMechanismsTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path dir;

    private RSAKey key;
    private RSAKey otherKey;
    private SaslAuthenticator auth;

    @BeforeEach
    void setUp() throws JOSEException, IOException {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        otherKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
        OAuthSettings settings = new OAuthSettings("https://id.example.com", Optional.of("facteur"), Optional.of(jwks),
                Optional.empty(), "email", Duration.ofSeconds(30));
        auth = new SaslAuthenticator(SaslTestSupport.users(Map.of("alice@example.com", "pw"), ""),
                SaslTestSupport.FAST, Optional.of(new OAuthTokenValidator(settings, () -> NOW)));
    }

    private String token(RSAKey signer, String issuer, String audience, String email, Instant expiry) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject("u1").claim("email", email)
                        .expirationTime(Date.from(expiry)).issueTime(Date.from(NOW)).build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private String good() throws JOSEException {
        return token(key, "https://id.example.com", "facteur", "alice@example.com", NOW.plusSeconds(600));
    }

    private static byte[] bearer(String user, String token) {
        return ("n,a=" + user + ",\u0001host=mx\u0001auth=Bearer " + token + "\u0001\u0001").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] xoauth(String user, String token) {
        return ("user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aValidTokenForTheNamedAccountSucceeds() throws JOSEException {
        assertThat(auth.start("OAUTHBEARER").orElseThrow().start(Optional.of(bearer("alice@example.com", good()))))
                .isEqualTo(new SaslStep.Success("alice@example.com"));
        assertThat(auth.start("XOAUTH2").orElseThrow().start(Optional.of(xoauth("alice@example.com", good()))))
                .isEqualTo(new SaslStep.Success("alice@example.com"));
    }

    private void assertRefused(byte[] oauthBearerMessage) {
        SaslExchange x = auth.start("OAUTHBEARER").orElseThrow();
        SaslStep first = x.start(Optional.of(oauthBearerMessage));
        assertThat(first).isInstanceOfSatisfying(SaslStep.Challenge.class,
                c -> assertThat(new String(c.data(), StandardCharsets.UTF_8)).contains("invalid_token"));
        assertThat(x.next(new byte[] {1})).isEqualTo(new SaslStep.Failure(SaslStep.Reason.INVALID_CREDENTIALS));
    }

    @Test
    void anExpiredTokenIsRefusedWithTheErrorChallenge() throws JOSEException {
        assertRefused(bearer("alice@example.com",
                token(key, "https://id.example.com", "facteur", "alice@example.com", NOW.minusSeconds(120))));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws JOSEException {
        assertRefused(bearer("alice@example.com",
                token(key, "https://id.example.com", "someone-else", "alice@example.com", NOW.plusSeconds(600))));
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() throws JOSEException {
        assertRefused(bearer("alice@example.com",
                token(key, "https://evil.example", "facteur", "alice@example.com", NOW.plusSeconds(600))));
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() throws JOSEException {
        assertRefused(bearer("alice@example.com",
                token(otherKey, "https://id.example.com", "facteur", "alice@example.com", NOW.plusSeconds(600))));
    }

    @Test
    void aTokenForOneAccountCannotLogInAsAnother() throws JOSEException {
        assertRefused(bearer("bob@example.com", good()));
    }

    @Test
    void aTokenNamingNoLocalAccountIsRefused() throws JOSEException {
        assertRefused(bearer("carol@example.com",
                token(key, "https://id.example.com", "facteur", "carol@example.com", NOW.plusSeconds(600))));
    }

    @Test
    void xoauth2FailureSendsItsErrorJsonThenFails() throws JOSEException {
        SaslExchange x = auth.start("XOAUTH2").orElseThrow();
        SaslStep first = x.start(Optional.of(xoauth("alice@example.com",
                token(key, "https://id.example.com", "facteur", "alice@example.com", NOW.minusSeconds(120)))));
        assertThat(first).isInstanceOf(SaslStep.Challenge.class);
        assertThat(x.next(new byte[0])).isEqualTo(new SaslStep.Failure(SaslStep.Reason.INVALID_CREDENTIALS));
    }

    @Test
    void garbageIsMalformedNotAnException() {
        assertThat(auth.start("OAUTHBEARER").orElseThrow().start(Optional.of("garbage".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(new SaslStep.Failure(SaslStep.Reason.MALFORMED));
        assertThat(auth.start("OAUTHBEARER").orElseThrow().start(Optional.of(bearer("alice@example.com", "not.a.jwt"))))
                .isInstanceOf(SaslStep.Challenge.class);
    }
}
