package dev.facteur.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.core.sasl.ScramCredential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security regressions: limits, timeouts, early talkers, STARTTLS injection, AUTH brute force. */
class HostileInputTest {
    @TempDir
    Path dir;

    private FakeStore store = new FakeStore();
    private TestSmtpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestSmtpServer start(SmtpLimits limits) throws IOException {
        server = new TestSmtpServer(dir, store, limits, TestSmtpServer.throttle());
        return server;
    }

    private static SmtpLimits limits(long size, int rcpts, int errors, Duration idle, Duration preGreeting) {
        return new SmtpLimits(size, rcpts, errors, idle, idle, idle, 50, preGreeting);
    }

    @Test
    void aClientTalkingBeforeTheGreetingIsRefused() throws IOException {
        start(limits(1 << 20, 100, 20, Duration.ofMinutes(1), Duration.ofSeconds(10)));
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.send("EHLO eager.test").send("MAIL FROM:<spam@remote.test>");
            c.expect("554 5.5.0");
            c.expectClosed();
        }
    }

    @Test
    void anIdleClientGets421AfterTheTimeout() throws IOException {
        start(limits(1 << 20, 100, 20, Duration.ofMillis(300), Duration.ZERO));
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo();
            c.expect("421 4.4.2");
            c.expectClosed();
        }
    }

    @Test
    void tooManyErrorsCloseTheConnectionWith421() throws IOException {
        start(limits(1 << 20, 100, 3, Duration.ofMinutes(1), Duration.ZERO));
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").send("FOO").expect("500 5.5.1").send("BAR").expect("500 5.5.1").send("BAZ");
            List<String> last = List.of(c.line(), c.line());
            assertThat(last.get(0)).startsWith("500 5.5.1");
            assertThat(last.get(1)).startsWith("421 4.7.0");
            c.expectClosed();
        }
    }

    @Test
    void connectionsBeyondThePerAddressLimitGet421() throws IOException {
        server = new TestSmtpServer(dir, store, SmtpLimits.defaults(), TestSmtpServer.throttle(), 2);
        try (SmtpTestClient a = SmtpTestClient.connect(server.mx()); SmtpTestClient b = SmtpTestClient.connect(server.mx())) {
            a.expect("220");
            b.expect("220");
            try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
                c.expect("421 4.7.0");
                c.expectClosed();
            }
        }
    }

    @Test
    void anAnnouncedSizeOverTheLimitIsRefusedAtMail() throws IOException {
        start(limits(4096, 100, 20, Duration.ofMinutes(1), Duration.ZERO));
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<s@remote.test> SIZE=5000").expect("552 5.3.4");
        }
    }

    @Test
    void anOversizeMessageIsReadToItsEndAndRefused() throws IOException {
        start(limits(4096, 100, 20, Duration.ofMinutes(1), Duration.ZERO));
        String big = ("x".repeat(76) + "\r\n").repeat(200);
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<alice@example.com>").expect("250")
                    .send("DATA").expect("354").raw(big + ".\r\n").expect("552 5.3.4")
                    .send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<alice@example.com>").expect("250")
                    .send("BDAT " + big.length() + " LAST").raw(big).expect("552 5.3.4")
                    .send("NOOP").expect("250");
        }
        assertThat(store.appended).isEmpty();
    }

    @Test
    void aTextLineOver1000OctetsIsRefused() throws IOException {
        start(SmtpLimits.defaults());
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<alice@example.com>").expect("250")
                    .send("DATA").expect("354").raw("Subject: l\r\n\r\n" + "y".repeat(999) + "\r\n.\r\n")
                    .expect("554 5.6.0");
        }
    }

    @Test
    void recipientsBeyondTheLimitGet452() throws IOException {
        start(limits(1 << 20, 2, 20, Duration.ofMinutes(1), Duration.ZERO));
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<alice@example.com>").expect("250")
                    .send("RCPT TO:<bob@example.com>").expect("250")
                    .send("RCPT TO:<sales@example.com>").expect("452 4.5.3")
                    .send("DATA").expect("354").raw("Subject: two\r\n\r\nx\r\n.\r\n").expect("250");
        }
    }

    @Test
    void commandsInjectedBeforeTheTlsHandshakeAreDiscarded() throws IOException {
        start(SmtpLimits.defaults());
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().raw("STARTTLS\r\nMAIL FROM:<evil@remote.test>\r\n").expect("220 2.0.0").startTls();
            // Had the injected MAIL survived, this EHLO would be preceded by its 250 (or a 503).
            c.send("EHLO client.test").expect("250 ");
            c.send("RCPT TO:<alice@example.com>").expect("503 5.5.1");
        }
    }

    @Test
    void requireTlsIsOfferedAndAcceptedOnlyOverTls() throws IOException {
        start(SmtpLimits.defaults());
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220");
            List<String> ehlo = c.send("EHLO client.test").reply();
            assertThat(ehlo).noneMatch(l -> l.contains("REQUIRETLS")).anyMatch(l -> l.contains("STARTTLS"))
                    .noneMatch(l -> l.contains("AUTH"));
            c.send("MAIL FROM:<s@remote.test> REQUIRETLS").expect("555 5.5.4");
            c.send("STARTTLS").expect("220").startTls();
            List<String> tls = c.send("EHLO client.test").reply();
            assertThat(tls).anyMatch(l -> l.contains("REQUIRETLS")).noneMatch(l -> l.contains("STARTTLS"));
            c.send("MAIL FROM:<s@remote.test> REQUIRETLS").expect("250");
        }
    }

    @Test
    void failedLoginsAreSlowedThenTheAddressIsLockedOut() throws IOException {
        start(SmtpLimits.defaults());
        String bad = Base64.getEncoder().encodeToString("\0alice@example.com\0nope".getBytes(StandardCharsets.UTF_8));
        try (SmtpTestClient c = SmtpTestClient.connectTls(server.submissions())) {
            c.expect("220").ehlo();
            for (int i = 0; i < 6; i++) {
                c.send("AUTH PLAIN " + bad).expect("535 5.7.8");
            }
            c.send("AUTH PLAIN " + bad).expect("421 4.7.0");
            c.expectClosed();
        }
        assertThat(server.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        try (SmtpTestClient c = SmtpTestClient.connectTls(server.submissions())) {
            String good = Base64.getEncoder().encodeToString("\0alice@example.com\0alice-pw".getBytes(StandardCharsets.UTF_8));
            c.expect("220").ehlo().send("AUTH PLAIN " + good).expect("421 4.7.0");
        }
    }

    @Test
    void authLoginPromptsAndCanBeCancelled() throws IOException {
        start(SmtpLimits.defaults());
        Base64.Encoder b64 = Base64.getEncoder();
        try (SmtpTestClient c = SmtpTestClient.connectTls(server.submissions())) {
            c.expect("220").ehlo().send("AUTH LOGIN").expect("334 VXNlcm5hbWU6").send("*").expect("501 5.7.0")
                    .send("AUTH LOGIN").expect("334 VXNlcm5hbWU6")
                    .send(b64.encodeToString("alice@example.com".getBytes(StandardCharsets.UTF_8))).expect("334 UGFzc3dvcmQ6")
                    .send(b64.encodeToString("alice-pw".getBytes(StandardCharsets.UTF_8))).expect("235 2.7.0");
        }
    }

    @Test
    void scramSha256AuthenticatesOverTheWire() throws IOException {
        start(SmtpLimits.defaults());
        Base64.Encoder enc = Base64.getEncoder();
        Base64.Decoder dec = Base64.getDecoder();
        try (SmtpTestClient c = SmtpTestClient.connectTls(server.submissions())) {
            c.expect("220").ehlo();
            String bare = "n=alice@example.com,r=clientnonce123";
            String first = c.send("AUTH SCRAM-SHA-256 " + enc.encodeToString(("n,," + bare).getBytes(StandardCharsets.UTF_8)))
                    .line();
            assertThat(first).startsWith("334 ");
            String serverFirst = new String(dec.decode(first.substring(4)), StandardCharsets.UTF_8);
            String[] parts = serverFirst.split(",");
            byte[] salt = dec.decode(parts[1].substring(2));
            int iterations = Integer.parseInt(parts[2].substring(2));
            String withoutProof = "c=biws," + parts[0];
            byte[] authMessage = (bare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
            ScramCredential keys = ScramCredential.derive("alice-pw", salt, iterations);
            byte[] salted = hmacKeyProof("alice-pw", salt, iterations);
            byte[] signature = hmac(keys.storedKey(), authMessage);
            byte[] proof = new byte[32];
            for (int i = 0; i < 32; i++) {
                proof[i] = (byte) (salted[i] ^ signature[i]);
            }
            String fin = c.send(enc.encodeToString((withoutProof + ",p=" + enc.encodeToString(proof))
                    .getBytes(StandardCharsets.UTF_8))).line();
            assertThat(fin).startsWith("334 ");
            assertThat(new String(dec.decode(fin.substring(4)), StandardCharsets.UTF_8))
                    .isEqualTo("v=" + enc.encodeToString(hmac(keys.serverKey(), authMessage)));
            c.send("").expect("235 2.7.0");
        }
    }

    /** ClientKey = HMAC(SaltedPassword, "Client Key") (RFC 5802 §3). */
    private static byte[] hmacKeyProof(String password, byte[] salt, int iterations) {
        javax.crypto.SecretKeyFactory f;
        try {
            f = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] salted = f.generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray(), salt, iterations, 256))
                    .getEncoded();
            return hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void authIsNotOfferedNorAcceptedOnTheMxPort() throws IOException {
        start(SmtpLimits.defaults());
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").send("STARTTLS").expect("220").startTls();
            assertThat(c.send("EHLO client.test").reply()).noneMatch(l -> l.contains("AUTH"));
            c.send("AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAGFsaWNlLXB3").expect("502 5.5.1");
        }
    }
}
