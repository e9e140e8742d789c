package dev.facteur.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.net.ListenerSettings;
import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.smtp.outbound.Srs;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.Store;
import dev.facteur.store.TestStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forwarding through an alias rewrites the envelope sender with SRS; bounces to SRS addresses of
 * ours are accepted only when their hash and timestamp verify, and go back to the original sender.
 */
class SrsForwardingTest {
    private static final byte[] KEY = "the forwarding secret, 32 bytes!".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-01T08:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private Store store;
    private StoreView view;
    private SmtpServer server;
    private Srs srs;

    @BeforeEach
    void start() throws IOException {
        store = TestStores.sqlite(dir.resolve("store"));
        TestSmtpServer.seed(store);
        view = new StoreView(store);
        srs = new Srs(List.of(KEY), "example.com", clock, 21);
        SmtpServerSettings settings = new SmtpServerSettings("mx.example.com", List.of(
                new SmtpListenerSettings(ListenerSettings.loopback("smtp", false), SmtpRole.MX)),
                SmtpLimits.defaults(), false);
        SmtpServices services = new SmtpServices(store, Optional.empty(),
                new SaslAuthenticator(new StoreCredentialLookup(store.directory()), TestSmtpServer.FAST, Optional.empty()),
                new AuthThrottle(TestSmtpServer.throttle(), clock), PolicyChain.EMPTY, OutboundSigner.NONE, clock)
                .withSrs(srs);
        server = new SmtpServer(settings, services);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private void send(String from, String rcpt, String replyToRcpt) throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(server.address(SmtpRole.MX))) {
            c.expect("220").ehlo().send("MAIL FROM:<" + from + ">").expect("250")
                    .send("RCPT TO:<" + rcpt + ">").expect(replyToRcpt);
            if (replyToRcpt.startsWith("250")) {
                c.send("DATA").expect("354").raw("Subject: s\r\n\r\nbody\r\n.\r\n").expect("250 2.0.0");
            }
        }
    }

    @Test
    void aForwardedMessageLeavesWithAnSrs0SenderInTheAliasDomain() throws IOException {
        send("s@remote.test", "fwd@example.com", "250");
        OutboundMessage q = view.queued().getFirst();
        assertThat(q.recipients().getFirst().address()).isEqualTo("carol@remote.test");
        assertThat(q.sender()).hasValueSatisfying(sender -> {
            assertThat(sender).matches("SRS0=[A-Za-z0-9+/]{4}=[A-Z2-7]{2}=remote\\.test=s@example\\.com");
            assertThat(srs.reverseAtOurDomain(EmailAddress.parse(sender))).isEqualTo(new Srs.Reversed.Valid("s@remote.test"));
        });
    }

    @Test
    void aForwardedBounceKeepsTheNullSender() throws IOException {
        send("", "fwd@example.com", "250");
        assertThat(view.queued().getFirst().sender()).isEmpty();
    }

    @Test
    void aBounceToAValidSrsAddressIsQueuedToTheOriginalSender() throws IOException {
        String rewritten = srs.forward(EmailAddress.parse("orig@far.test"), "example.com");
        send("", rewritten, "250 2.1.5");
        OutboundMessage q = view.queued().getFirst();
        assertThat(q.sender()).as("a bounce stays a bounce").isEmpty();
        assertThat(q.recipients()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("orig@far.test");
            assertThat(r.orcpt()).contains("rfc822;" + rewritten);
        });
    }

    @Test
    void anSrsAddressIsReversedAtAnyOfOurDomains() throws IOException {
        String rewritten = srs.forward(EmailAddress.parse("orig@far.test"), "example.net");
        send("", rewritten, "250");
        assertThat(view.queued().getFirst().recipients().getFirst().address()).isEqualTo("orig@far.test");
    }

    @Test
    void aForgedSrsAddressIsRefusedWith550And511() throws IOException {
        String rewritten = srs.forward(EmailAddress.parse("orig@far.test"), "example.com");
        send("", rewritten.replace("=far.test=", "=victim.test="), "550 5.1.1");
        send("", "SRS0=abcd=AA=victim.test=bob@example.com", "550 5.1.1");
        send("", "SRS1=abcd=hop.test==xyz=AA=victim.test=bob@example.com", "550 5.1.1");
        Srs other = new Srs(List.of("somebody else's secret key......".getBytes(StandardCharsets.US_ASCII)),
                "example.com", clock, 21);
        send("", other.forward(EmailAddress.parse("orig@far.test")), "550 5.1.1");
        assertThat(view.queued()).isEmpty();
    }

    @Test
    void anExpiredSrsAddressIsRefusedWith550And511() throws IOException {
        String rewritten = srs.forward(EmailAddress.parse("orig@far.test"), "example.com");
        now.set(now.get().plus(Duration.ofDays(22)));
        send("", rewritten, "550 5.1.1");
        assertThat(view.queued()).isEmpty();
    }

    @Test
    void srsAddressesAtOtherDomainsStillNeedRelayPermission() throws IOException {
        send("", srs.forward(EmailAddress.parse("orig@far.test"), "elsewhere.test"), "550 5.7.1");
    }

    @Test
    void aSenderInOurOwnDomainIsNotRewritten() throws IOException {
        send("bob@example.com", "fwd@example.com", "250");
        assertThat(view.queued().getFirst().sender()).contains("bob@example.com");
    }
}
