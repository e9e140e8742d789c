package dev.facteur.smtp.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facteur.auth.dkim.DkimResult;
import dev.facteur.auth.dkim.DkimVerifier;
import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.auth.message.MailMessage;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.smtp.proto.MailParameters;
import dev.facteur.smtp.server.Envelope;
import dev.facteur.smtp.server.SessionInfo;
import dev.facteur.smtp.server.SmtpRole;
import dev.facteur.smtp.server.auth.DkimKeyStore.StoredKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DkimOutboundSignerTest {
    @TempDir
    Path dir;

    private static final String MESSAGE = "From: Alice <alice@example.com>\r\nTo: <carol@remote.test>\r\n"
            + "Subject: signed\r\nDate: Thu, 26 Nov 2026 20:00:00 +0000\r\nMessage-ID: <s1@example.com>\r\n\r\n"
            + "Hello  there,\r\nsee you.\r\n";

    /** A clock the test moves by hand. */
    private static final class ManualClock implements InstantSource {
        Instant now = Instant.parse("2026-11-26T20:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static SessionInfo session(SmtpRole role, Optional<String> account) {
        return new SessionInfo("c1", role, new InetSocketAddress("127.0.0.1", 40000), Optional.of("client.test"), true,
                Optional.empty(), account);
    }

    private static Envelope envelope(String sender) {
        return new Envelope(Optional.of(EmailAddress.parse(sender)), MailParameters.NONE, List.of());
    }

    private static InMemoryDnsResolver publish(List<StoredKey> keys) {
        InMemoryDnsResolver dns = new InMemoryDnsResolver();
        for (StoredKey k : keys) {
            dns.txt(k.dnsRecord().name(), k.txtRecord());
        }
        return dns;
    }

    private static String submitRemote(AuthTestServer server) throws IOException {
        try (SmtpLineClient c = new SmtpLineClient(server.submission())) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(c.command("AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAGFsaWNlLXB3")).startsWith("235");
            return c.transaction("alice@example.com", "carol@remote.test", MESSAGE);
        }
    }

    @Test
    void submittedMailIsSignedWithRsaAndEd25519AndBothVerify() throws Exception {
        try (AuthTestServer server = new AuthTestServer(dir)) {
            List<StoredKey> keys = server.keys.generate("example.com", Optional.empty(), Instant.now());
            assertThat(submitRemote(server)).startsWith("250");
            byte[] queued = server.queued().getFirst();
            String text = new String(queued, StandardCharsets.US_ASCII);
            assertThat(text).contains("a=rsa-sha256; c=relaxed/relaxed").contains("a=ed25519-sha256; c=relaxed/relaxed");
            // RFC 6376 §8.15: From is signed once more than it occurs.
            assertThat(text).contains("h=from:from:");

            List<DkimResult> results = new DkimVerifier(publish(keys), InstantSource.system()).verify(MailMessage.parse(queued));
            assertThat(results).hasSize(2).allSatisfy(r -> assertThat(r).isInstanceOf(DkimResult.Pass.class));
            assertThat(results).extracting(r -> r.info().selector())
                    .containsExactlyInAnyOrder(keys.get(0).selector(), keys.get(1).selector());
            verifyWithDkimpy(queued, keys);
        }
    }

    /** Debian's python3-dkim (dkimpy) as an independent verifier; skipped when it is not installed. */
    private void verifyWithDkimpy(byte[] message, List<StoredKey> keys) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "/usr/bin/python3 absent: dkimpy cross-check skipped");
        assumeTrue(new ProcessBuilder(python.toString(), "-c", "import dkim, nacl").start().waitFor() == 0,
                "python3-dkim or python3-nacl absent: dkimpy cross-check skipped");
        StringBuilder records = new StringBuilder("{");
        for (StoredKey k : keys) {
            records.append("b'").append(k.dnsRecord().name()).append(".': b'").append(k.txtRecord()).append("',");
        }
        String script = "import dkim, sys\n"
                + "recs = " + records.append('}') + "\n"
                + "def dns(name, timeout=5):\n    return recs.get(name)\n"
                + "msg = open(sys.argv[1], 'rb').read()\n"
                + "d = dkim.DKIM(msg)\n"
                + "n = len([h for h in d.headers if h[0].lower() == b'dkim-signature'])\n"
                + "ok = [d.verify(idx=i, dnsfunc=dns) for i in range(n)]\n"
                + "print(n, ok)\n"
                + "sys.exit(0 if n == 2 and all(ok) else 1)\n";
        Path file = Files.write(dir.resolve("signed.eml"), message);
        Path py = Files.writeString(dir.resolve("verify.py"), script);
        Process p = new ProcessBuilder(python.toString(), py.toString(), file.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("2 [True, True]");
    }

    @Test
    void aDomainWithoutKeysIsQueuedUnsigned() throws Exception {
        try (AuthTestServer server = new AuthTestServer(dir)) {
            assertThat(submitRemote(server)).startsWith("250");
            assertThat(new String(server.queued().getFirst(), StandardCharsets.US_ASCII)).doesNotContain("DKIM-Signature");
        }
    }

    @Test
    void rotationIsNoticedAfterTheRefreshInterval() throws Exception {
        try (var store = dev.facteur.store.TestStores.sqlite(dir.resolve("store"))) {
            ManualClock clock = new ManualClock();
            DkimKeyStore keys = new DkimKeyStore(store.settings());
            List<StoredKey> first = keys.generate("example.com", Optional.of("old"), clock.instant());
            DkimOutboundSigner signer = new DkimOutboundSigner(keys, clock, Duration.ofSeconds(30));
            SessionInfo s = session(SmtpRole.SUBMISSION, Optional.of("alice@example.com"));
            byte[] raw = MESSAGE.getBytes(StandardCharsets.US_ASCII);
            assertThat(selectors(signer.sign(s, envelope("alice@example.com"), raw))).containsExactlyInAnyOrder("oldr", "olde");

            clock.now = clock.now.plusSeconds(5);
            DkimKeyStore.Rotation rotation = keys.rotate("example.com", clock.instant());
            assertThat(rotation.retired()).extracting(StoredKey::selector).containsExactlyInAnyOrder("olde", "oldr");
            assertThat(selectors(signer.sign(s, envelope("alice@example.com"), raw))).as("cached")
                    .containsExactlyInAnyOrder("oldr", "olde");

            clock.now = clock.now.plusSeconds(30);
            List<String> now = selectors(signer.sign(s, envelope("alice@example.com"), raw));
            assertThat(now).containsExactlyInAnyOrder("202611r", "202611e");
            assertThat(first).extracting(StoredKey::selector).doesNotContainAnyElementsOf(now);
        }
    }

    @Test
    void mxSessionsAndForeignFromDomainsAreNotSigned() throws Exception {
        try (var store = dev.facteur.store.TestStores.sqlite(dir.resolve("store"))) {
            DkimKeyStore keys = new DkimKeyStore(store.settings());
            keys.generate("example.com", Optional.empty(), Instant.now());
            keys.generate("example.net", Optional.empty(), Instant.now());
            DkimOutboundSigner signer = new DkimOutboundSigner(keys, InstantSource.system(), Duration.ZERO);
            byte[] raw = MESSAGE.getBytes(StandardCharsets.US_ASCII);
            // An alias forward from the MX role: a message claiming From: example.com must not gain our signature.
            assertThat(signer.sign(session(SmtpRole.MX, Optional.empty()), envelope("x@remote.test"), raw)).isSameAs(raw);
            // Bob of example.net writing From: alice@example.com is not signed for example.com.
            assertThat(signer.sign(session(SmtpRole.SUBMISSION, Optional.of("bob@example.net")), envelope("bob@example.net"),
                    raw)).isSameAs(raw);
            assertThat(selectors(signer.sign(session(SmtpRole.SUBMISSIONS, Optional.of("alice@example.com")),
                    envelope("alice@example.com"), raw))).hasSize(2);
        }
    }

    private static List<String> selectors(byte[] signed) {
        return MailMessage.parse(signed).headers("DKIM-Signature").stream()
                .map(h -> h.value().replaceAll("(?s).*\\bs=([^;]+);.*", "$1").strip()).toList();
    }
}
