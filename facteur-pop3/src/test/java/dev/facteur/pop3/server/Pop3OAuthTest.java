package dev.facteur.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.facteur.core.sasl.OAuthSettings;
import dev.facteur.core.sasl.OAuthTokenValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OAUTHBEARER (RFC 7628) and XOAUTH2 through POP3 AUTH, with JWTs checked against a JWKS file. */
class Pop3OAuthTest {
    static final String USER = "alice@example.test";

    @TempDir
    Path dir;
    Pop3Fixture fixture;
    RSAKey key;

    @BeforeEach
    void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
        OAuthSettings settings = new OAuthSettings("https://id.example.test", Optional.of("facteur"), Optional.of(jwks),
                Optional.empty(), "email", Duration.ofSeconds(30));
        Path server = Files.createDirectory(dir.resolve("server"));
        fixture = Pop3Fixture.start(server, Pop3Settings.defaults("pop.test", false),
                new OAuthTokenValidator(settings, Instant::now));
        fixture.addAccount(USER, "unused password");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private String token(String email) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer("https://id.example.test").audience("facteur").subject("u1")
                        .claim("email", email).expirationTime(Date.from(now.plusSeconds(600)))
                        .issueTime(Date.from(now)).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oauthBearerLogsInOverTls() throws Exception {
        try (Pop3TestClient c = fixture.connectTls()) {
            c.expect("+OK");
            c.send("CAPA").expect("+OK");
            assertThat(c.body()).contains("SASL SCRAM-SHA-256 PLAIN OAUTHBEARER XOAUTH2");
            String message = "n,a=" + USER + ",\u0001host=pop.test\u0001port=995\u0001auth=Bearer " + token(USER)
                    + "\u0001\u0001";
            assertThat(c.send("AUTH OAUTHBEARER " + b64(message)).line()).startsWith("+OK maildrop has 0");
        }
    }

    @Test
    void xoauth2LogsInAfterAContinuation() throws Exception {
        try (Pop3TestClient c = fixture.connectTls()) {
            c.expect("+OK");
            c.send("AUTH XOAUTH2").expect("+ ");
            String message = "user=" + USER + "\u0001auth=Bearer " + token(USER) + "\u0001\u0001";
            assertThat(c.send(b64(message)).line()).startsWith("+OK maildrop has 0");
        }
    }

    @Test
    void refusedTokenGetsTheErrorChallengeThenAuthFailure() throws Exception {
        try (Pop3TestClient c = fixture.connectTls()) {
            c.expect("+OK");
            String message = "n,,\u0001auth=Bearer " + token("mallory@example.test") + "\u0001\u0001";
            String challenge = c.send("AUTH OAUTHBEARER " + b64(message)).line();
            assertThat(new String(Base64.getDecoder().decode(challenge.substring(2)), StandardCharsets.UTF_8))
                    .contains("invalid_token"); // RFC 7628 §3.2.2
            assertThat(c.send(b64("\u0001")).line()).isEqualTo("-ERR [AUTH] authentication failed");
        }
    }

    @Test
    void bearerTokensAreRefusedWithoutTls() throws Exception {
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.send("CAPA").expect("+OK");
            assertThat(c.body()).contains("SASL SCRAM-SHA-256");
            assertThat(c.send("AUTH XOAUTH2").line()).startsWith("-ERR [AUTH]");
            assertThat(c.send("AUTH OAUTHBEARER").line()).startsWith("-ERR [AUTH]");
        }
    }
}
