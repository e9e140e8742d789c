package dev.facteur.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.store.Account;
import dev.facteur.testkit.TrustAllTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** USER/PASS, APOP, AUTH (RFC 5034), CAPA, STLS and the plaintext policy, over live listeners. */
class Pop3AuthenticationTest {
    static final String USER = "alice@example.test";
    static final String PASSWORD = "correct horse";

    @TempDir
    Path dir;
    Pop3Fixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Account startWith(Pop3Settings settings) throws Exception {
        fixture = Pop3Fixture.start(dir, settings);
        return fixture.addAccount(USER, PASSWORD);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void capaListsTheRfc2449CapabilitiesAndStls() throws Exception {
        startWith(Pop3Settings.defaults("pop.test", true));
        try (Pop3TestClient c = fixture.connect()) {
            assertThat(c.expect("+OK")).doesNotContain("<"); // no APOP timestamp without APOP secrets
            c.send("CAPA").expect("+OK");
            assertThat(c.body()).containsExactly("TOP", "UIDL", "USER", "SASL SCRAM-SHA-256 PLAIN", "RESP-CODES",
                    "AUTH-RESP-CODE", "PIPELINING", "EXPIRE NEVER", "LOGIN-DELAY 0", "IMPLEMENTATION Facteur", "STLS");
            c.login(USER, PASSWORD);
            c.send("CAPA").expect("+OK");
            assertThat(c.body()).containsExactly("TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING",
                    "EXPIRE NEVER", "LOGIN-DELAY 0", "IMPLEMENTATION Facteur");
        }
    }

    @Test
    void plaintextCredentialsAreRefusedBeforeTlsUnlessLoopbackIsAllowed() throws Exception {
        startWith(Pop3Settings.defaults("pop.test", false));
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.send("CAPA").expect("+OK");
            List<String> caps = c.body();
            assertThat(caps).doesNotContain("USER").contains("SASL SCRAM-SHA-256", "STLS");
            assertThat(c.send("USER " + USER).line()).startsWith("-ERR [AUTH] plaintext authentication not allowed");
            assertThat(c.send("PASS " + PASSWORD).line()).startsWith("-ERR [AUTH]");
            assertThat(c.send("AUTH PLAIN " + b64("\0" + USER + "\0" + PASSWORD)).line()).startsWith("-ERR [AUTH]");
            c.send("STLS").expect("+OK");
            c.startTls(Pop3Fixture.trustingClient());
            c.send("CAPA").expect("+OK");
            assertThat(c.body()).contains("USER", "SASL SCRAM-SHA-256 PLAIN").doesNotContain("STLS");
            assertThat(c.login(USER, PASSWORD)).startsWith("+OK maildrop has 0 messages");
        }
    }

    @Test
    void implicitTlsAcceptsUserPass() throws Exception {
        startWith(Pop3Settings.defaults("pop.test", false));
        try (Pop3TestClient c = fixture.connectTls()) {
            c.expect("+OK");
            assertThat(c.send("STLS").line()).isEqualTo("-ERR already using TLS");
            assertThat(c.login(USER, PASSWORD)).startsWith("+OK");
        }
    }

    @Test
    void stlsDiscardsCommandsPipelinedBeforeTheHandshake() throws Exception {
        startWith(Pop3Settings.defaults("pop.test", false));
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            // The injected USER must not survive into the TLS session (RFC 2595 §4, RFC 3207 §4.2 class).
            c.sendRaw("STLS\r\nUSER mallory@example.test\r\n".getBytes(StandardCharsets.US_ASCII));
            c.expect("+OK begin TLS");
            c.startTls(Pop3Fixture.trustingClient());
            assertThat(c.send("PASS " + PASSWORD).line()).isEqualTo("-ERR USER first");
        }
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAuthFailure() throws Exception {
        startWith(Pop3Settings.defaults("pop.test", true));
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.send("USER " + USER).expect("+OK");
            String wrong = c.send("PASS wrong").line();
            c.send("USER nobody@example.test").expect("+OK");
            String unknown = c.send("PASS " + PASSWORD).line();
            assertThat(wrong).isEqualTo("-ERR [AUTH] authentication failed").isEqualTo(unknown);
            assertThat(c.send("PASS " + PASSWORD).line()).isEqualTo("-ERR USER first");
        }
    }

    @Test
    void authPlainWithInitialResponseOrAfterAContinuation() throws Exception {
        startWith(Pop3Settings.defaults("pop.test", true));
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            assertThat(c.send("AUTH PLAIN " + b64("\0" + USER + "\0" + PASSWORD)).line()).startsWith("+OK");
            c.send("QUIT").expect("+OK"); // the maildrop lock is released before this reply
        }
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            assertThat(c.send("AUTH plain").line()).isEqualTo("+ ");
            assertThat(c.send(b64("\0" + USER + "\0" + PASSWORD)).line()).startsWith("+OK maildrop has 0");
        }
    }

    @Test
    void authCanBeCancelledAndRefusesBadBase64AndUnknownMechanisms() throws Exception {
        startWith(Pop3Settings.defaults("pop.test", true));
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.send("AUTH PLAIN").expect("+ ");
            assertThat(c.send("*").line()).isEqualTo("-ERR authentication cancelled");
            assertThat(c.send("AUTH PLAIN !!notbase64").line()).isEqualTo("-ERR invalid base64 in authentication response");
            assertThat(c.send("AUTH CRAM-MD5").line()).isEqualTo("-ERR unsupported authentication mechanism");
            assertThat(c.send("AUTH PLAIN " + b64("\0" + USER + "\0nope")).line()).startsWith("-ERR [AUTH]");
            c.send("AUTH").expect("+OK");
            assertThat(c.body()).containsExactly("SCRAM-SHA-256", "PLAIN");
        }
    }

    @Test
    void scramSha256WorksWithoutTls() throws Exception {
        startWith(Pop3Settings.defaults("pop.test", false));
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            ScramClient scram = new ScramClient(USER, PASSWORD);
            assertThat(c.send("AUTH SCRAM-SHA-256 " + b64(scram.clientFirst())).line()).startsWith("+ ");
            String serverFirst = new String(Base64.getDecoder().decode(c.lastLine().substring(2)), StandardCharsets.UTF_8);
            String challenge = c.send(b64(scram.clientFinal(serverFirst))).line();
            assertThat(challenge).startsWith("+ ");
            String serverFinal = new String(Base64.getDecoder().decode(challenge.substring(2)), StandardCharsets.UTF_8);
            assertThat(scram.verifyServerFinal(serverFinal)).isTrue();
            assertThat(c.send("").line()).startsWith("+OK maildrop has 0");
        }
    }

    @Test
    void disabledAccountIsRefusedWithSysPerm() throws Exception {
        startWith(Pop3Settings.defaults("pop.test", true));
        fixture.store.directory().addAccount(dev.facteur.core.mail.EmailAddress.parse("carol@example.test"),
                dev.facteur.core.sasl.StoredCredential.fromPassword("pw", Pop3Fixture.FAST, 4096).encode());
        fixture.store.directory().setDisabled(dev.facteur.core.mail.EmailAddress.parse("carol@example.test"), true);
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.send("USER carol@example.test").expect("+OK");
            assertThat(c.send("PASS pw").line()).startsWith("-ERR [SYS/PERM]");
        }
    }

    @Test
    void apopIsAcceptedWhenSecretsAreAvailable() throws Exception {
        fixture = Pop3Fixture.start(dir, Pop3Settings.defaults("pop.test", false),
                name -> name.equals("mrose") ? Optional.of(new ApopSecrets.Secret(USER, "tanstaaf")) : Optional.empty());
        fixture.addAccount(USER, PASSWORD);
        try (Pop3TestClient c = fixture.connect()) {
            String greeting = c.expect("+OK");
            String timestamp = greeting.substring(greeting.indexOf('<'));
            assertThat(timestamp).matches("<[0-9a-f]{16}\\.[0-9]+@pop\\.test>");
            String wrong = hex(md5(timestamp + "wrong"));
            assertThat(c.send("APOP mrose " + wrong).line()).isEqualTo("-ERR [AUTH] authentication failed");
            assertThat(c.send("APOP mrose " + hex(md5(timestamp + "tanstaaf"))).line()).startsWith("+OK maildrop");
        }
    }

    @Test
    void apopIsRefusedWithoutSecrets() throws Exception {
        startWith(Pop3Settings.defaults("pop.test", true));
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            assertThat(c.send("APOP mrose c4c9334bac560ecc979e58001b3e22fb").line()).isEqualTo("-ERR APOP not available");
        }
    }

    @Test
    void loginDelayRefusesALoginTooSoonAfterTheLastOne() throws Exception {
        startWith(Pop3Settings.defaults("pop.test", true).withLoginDelay(Duration.ofSeconds(60)));
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.send("CAPA").expect("+OK");
            assertThat(c.body()).contains("LOGIN-DELAY 60");
            c.login(USER, PASSWORD);
            c.send("QUIT").expect("+OK");
        }
        try (Pop3TestClient c = fixture.connect()) {
            c.expect("+OK");
            c.send("USER " + USER).expect("+OK");
            assertThat(c.send("PASS " + PASSWORD).line()).startsWith("-ERR [LOGIN-DELAY]");
            fixture.clock.advance(Duration.ofSeconds(61));
            assertThat(c.login(USER, PASSWORD)).startsWith("+OK");
        }
    }

    private static byte[] md5(String s) throws Exception {
        return MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
