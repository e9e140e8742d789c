package dev.facteur.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dns.DnsServerAddress;
import dev.facteur.auth.dns.DnsjavaResolver;
import dev.facteur.core.config.ConfigLoader;
import dev.facteur.core.config.FacteurConfig;
import dev.facteur.core.config.ListenerRole;
import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.sasl.StoredCredential;
import dev.facteur.smtp.outbound.DeliveryService;
import dev.facteur.store.BlobId;
import dev.facteur.store.Mailbox;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import dev.facteur.store.Store;
import dev.facteur.testkit.dns.TestDnsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node configured with {@code [delivery.smarthost]} (STARTTLS required, AUTH with a password
 * file) hands every message to the relay: here another Facteur's submission port on 127.0.0.3,
 * which refuses AUTH without TLS, so the message arrives only if STARTTLS and AUTH both worked;
 * then the same with {@code tls = "implicit"} against its port 465-style listener (RFC 8314).
 */
class SmarthostDeliveryTest {
    private static final String BODY = "From: bob@b.test\r\nTo: carol@b.test\r\nSubject: via relay\r\n\r\nhello\r\n";

    @TempDir
    Path dir;

    @Test
    void everyMessageGoesThroughTheConfiguredSmarthostWithAuthOverStarttls() throws Exception {
        try (TestDnsServer dns = TestDnsServer.start().a("relay.b.test", "127.0.0.3")) {
            Path relayConfig = relayConfig(dns);
            addAccounts(relayConfig);
            try (FacteurServer relay = FacteurServer.start(ConfigLoader.load(relayConfig))) {
                int port = relay.port(ListenerRole.SUBMISSION).orElseThrow();
                FacteurConfig node = ConfigLoader.load(nodeConfig(dns, port, "the relay password"));
                assertThat(Wiring.deliverySettings(node).relayFor(Domain.of("anywhere.test"))).isPresent();
                assertThat(deliverOnce(node, dns)).as("queue left after delivery").isZero();
                assertThat(inboxCount(relayConfig)).isEqualTo(1);

                FacteurConfig implicit = ConfigLoader.load(nodeConfig(dns,
                        relay.port(ListenerRole.SUBMISSIONS).orElseThrow(), "the relay password", "implicit"));
                assertThat(deliverOnce(implicit, dns)).as("queue left after delivery over implicit TLS").isZero();
                assertThat(inboxCount(relayConfig)).isEqualTo(2);

                FacteurConfig wrong = ConfigLoader.load(nodeConfig(dns, port, "a wrong password"));
                assertThat(deliverOnce(wrong, dns)).as("deferred, kept for a retry").isEqualTo(1);
                assertThat(inboxCount(relayConfig)).isEqualTo(2);
            }
        }
    }

    /** Queues one message on the node, runs its configured delivery once; returns the queue size after. */
    private long deliverOnce(FacteurConfig node, TestDnsServer dns) throws Exception {
        try (Store store = StoreAccess.open(node)) {
            byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
            BlobId blob = store.blobs().put(bytes);
            InstantSource clock = InstantSource.system();
            store.queue().enqueue(new OutboundMessage(Optional.of("bob@b.test"), List.of(new OutboundRecipient(
                    "carol@b.test", Optional.empty(), Optional.empty())), blob, bytes.length, Optional.empty(),
                    Optional.empty(), false, false, false, clock.instant()));
            DnsjavaResolver resolver = new DnsjavaResolver(new DnsjavaResolver.Config(
                    List.of(DnsServerAddress.parse(dns.hostPort())), Duration.ofSeconds(2), 1000, clock));
            try (DeliveryService delivery = Wiring.delivery(node, store, resolver, new SimpleMeterRegistry(), clock,
                    trusting(dir.resolve("relay/data/tls/cert.pem")))) {
                delivery.deliverDue();
            }
            return store.queue().size();
        }
    }

    private Path relayConfig(TestDnsServer dns) throws Exception {
        Path home = Files.createDirectories(dir.resolve("relay"));
        return Files.writeString(home.resolve("facteur.toml"), """
                hostname = "relay.b.test"
                data_dir = "data"
                [dns]
                servers = ["%s"]
                [auth]
                allow_plaintext_on_loopback = false
                [listeners]
                smtp = false
                submission = "127.0.0.3:0"
                submissions = "127.0.0.3:0"
                imap = false
                imaps = false
                pop3 = false
                pop3s = false
                http = false
                """.formatted(dns.hostPort()));
    }

    private Path nodeConfig(TestDnsServer dns, int relayPort, String password) throws Exception {
        return nodeConfig(dns, relayPort, password, "starttls");
    }

    private Path nodeConfig(TestDnsServer dns, int relayPort, String password, String tls) throws Exception {
        Path home = Files.createDirectories(dir.resolve("node"));
        Files.writeString(home.resolve("relay.pw"), password + "\n");
        return Files.writeString(home.resolve("facteur.toml"), """
                hostname = "mx.a.test"
                data_dir = "data"
                [dns]
                servers = ["%s"]
                [delivery.smarthost]
                address = "relay.b.test:%d"
                tls = "%s"
                username = "bob@b.test"
                password_file = "relay.pw"
                """.formatted(dns.hostPort(), relayPort, tls));
    }

    private static void addAccounts(Path config) throws Exception {
        try (Store store = StoreAccess.open(ConfigLoader.load(config))) {
            store.directory().addDomain(Domain.of("b.test"));
            store.directory().addAccount(EmailAddress.parse("bob@b.test"),
                    StoredCredential.fromPassword("the relay password").encode());
            store.directory().addAccount(EmailAddress.parse("carol@b.test"),
                    StoredCredential.fromPassword("carol's password").encode());
        }
    }

    private static long inboxCount(Path config) throws Exception {
        try (Store store = StoreAccess.open(ConfigLoader.load(config))) {
            long carol = store.directory().findAccount(EmailAddress.parse("carol@b.test")).orElseThrow().id();
            return store.mailboxes().find(carol, Mailbox.INBOX).orElseThrow().messageCount();
        }
    }

    /** A PKIX context that trusts the relay's self-signed certificate (as a real CA would vouch for it). */
    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            ks.setCertificateEntry("relay", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
