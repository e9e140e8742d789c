package dev.facteur.smtp.outbound;

import dev.facteur.auth.dns.DnsServerAddress;
import dev.facteur.auth.dns.DnsjavaResolver;
import dev.facteur.smtp.client.FakeSmtpPeer;
import dev.facteur.smtp.client.SmtpClientSettings;
import dev.facteur.smtp.client.TestCerts;
import dev.facteur.store.BlobId;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import dev.facteur.store.QueuedMessage;
import dev.facteur.store.Store;
import dev.facteur.store.TestStores;
import dev.facteur.testkit.dns.TestDnsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;

/**
 * A delivery test world: an in-process DNS server reached over UDP/TCP, two fake SMTP peers on
 * 127.0.0.2 and 127.0.0.3 sharing one port (the delivery port), a real SQLite store, a clock moved
 * by hand, and a sink that keeps the DSNs.
 */
final class DeliveryHarness implements AutoCloseable {

    /** A DSN handed to the sink. */
    record Dsn(String recipient, byte[] message) {
        String text() {
            return new String(message, StandardCharsets.UTF_8);
        }
    }

    final TestDnsServer dns = TestDnsServer.start();
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
    final Store store;
    final FakeSmtpPeer peer2;
    final FakeSmtpPeer peer3;
    final List<Dsn> dsns = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final DnsjavaResolver resolver;
    private final List<DeliveryService> services = new ArrayList<>();

    DeliveryHarness(Path dir) {
        store = TestStores.sqlite(dir, clock);
        FakeSmtpPeer[] pair = peers();
        peer2 = pair[0];
        peer3 = pair[1];
        resolver = new DnsjavaResolver(new DnsjavaResolver.Config(List.of(DnsServerAddress.parse(dns.hostPort())),
                Duration.ofSeconds(2), 1000, clock));
    }

    private static FakeSmtpPeer[] peers() {
        for (int attempt = 0; attempt < 20; attempt++) {
            FakeSmtpPeer a = FakeSmtpPeer.start("127.0.0.2", 0);
            try {
                return new FakeSmtpPeer[] {a, FakeSmtpPeer.start("127.0.0.3", a.port())};
            } catch (UncheckedIOException busy) {
                a.close();
            }
        }
        throw new IllegalStateException("no port free on both 127.0.0.2 and 127.0.0.3");
    }

    int port() {
        return peer2.port();
    }

    DeliverySettings settings() {
        return new DeliverySettings("out.facteur.test", port(), Duration.ofDays(5), Optional.empty(), Optional.empty(),
                Map.of(), 8, 4, Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(1), false, true,
                true, SmtpClientSettings.uniform(Duration.ofSeconds(3)), "node-a");
    }

    DeliveryService service(DeliverySettings settings) {
        return service(settings, Optional.empty());
    }

    DeliveryService service(DeliverySettings settings, Optional<MtaStsPolicyFetcher> sts) {
        DeliveryService s = new DeliveryService(settings, new DeliveryService.Collaborators(store.queue(), store.blobs(),
                store.settings(), resolver, TestCerts.trustingTestCa(), sts,
                (rcpt, message, utf8) -> dsns.add(new Dsn(rcpt, message)), meters, clock, RandomGenerator.of("L64X128MixRandom")));
        services.add(s);
        return s;
    }

    QueuedMessage enqueue(String sender, String body, OutboundRecipient... rcpts) {
        return enqueue(sender, body, false, rcpts);
    }

    QueuedMessage enqueue(String sender, String body, boolean requireTls, OutboundRecipient... rcpts) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            BlobId blob = store.blobs().put(bytes);
            return store.queue().enqueue(new OutboundMessage(Optional.ofNullable(sender), List.of(rcpts), blob,
                    bytes.length, Optional.empty(), Optional.empty(), false, false, requireTls, clock.instant()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OutboundRecipient rcpt(String address) {
        return new OutboundRecipient(address, Optional.empty(), Optional.empty());
    }

    static OutboundRecipient rcpt(String address, String notify) {
        return new OutboundRecipient(address, Optional.of(notify), Optional.empty());
    }

    double counter(String name, String tag, String value) {
        var c = meters.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        services.forEach(DeliveryService::close);
        peer2.close();
        peer3.close();
        dns.close();
        store.close();
    }
}
