package dev.facteur.smtp.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dns.DnsServerAddress;
import dev.facteur.auth.dns.DnsjavaResolver;
import dev.facteur.smtp.client.FakeSmtpPeer;
import dev.facteur.smtp.client.SmtpClientSettings;
import dev.facteur.smtp.client.TestCerts;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import dev.facteur.store.Store;
import dev.facteur.store.StoreSettings;
import dev.facteur.store.Stores;
import dev.facteur.store.TestStores;
import dev.facteur.testkit.dns.TestDnsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Facteur nodes on one PostgreSQL claim from the same queue at the same time: every message is
 * delivered exactly once (FOR UPDATE SKIP LOCKED claims). Skipped where no PostgreSQL is available.
 */
class TwoNodeDeliveryTest {

    @TempDir
    Path dir;

    @Test
    void twoNodesOnOneDatabaseNeverDeliverAMessageTwice() throws Exception {
        StoreSettings pg = TestStores.postgresSettings(dir);
        try (TestDnsServer dns = TestDnsServer.start();
             FakeSmtpPeer peer = FakeSmtpPeer.start("127.0.0.2", 0);
             Store nodeA = Stores.open(pg, InstantSource.system());
             Store nodeB = Stores.open(pg, InstantSource.system())) {
            dns.mx("b.test", 10, "mx.b.test").a("mx.b.test", "127.0.0.2");
            int messages = 40;
            for (int i = 0; i < messages; i++) {
                byte[] body = ("Subject: n" + i + "\r\n\r\nx\r\n").getBytes(StandardCharsets.US_ASCII);
                nodeA.queue().enqueue(new OutboundMessage(Optional.of("a@a.test"),
                        List.of(new OutboundRecipient("r" + i + "@b.test", Optional.empty(), Optional.empty())),
                        nodeA.blobs().put(body), body.length, Optional.empty(), Optional.empty(), false, false, false,
                        InstantSource.system().instant()));
            }
            DeliveryService a = node(nodeA, dns, peer, "node-a");
            DeliveryService b = node(nodeB, dns, peer, "node-b");
            // Virtual threads, not the common pool: dnsjava completes its queries on the common pool.
            try (ExecutorService nodes = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<Integer> fa = nodes.submit(a::deliverDue);
                Future<Integer> fb = nodes.submit(b::deliverDue);
                assertThat(fa.get() + fb.get()).isEqualTo(messages);
            }
            Set<String> rcpts = new HashSet<>();
            peer.received().forEach(r -> rcpts.addAll(r.rcptTo()));
            assertThat(peer.received()).hasSize(messages);
            assertThat(rcpts).hasSize(messages);
            assertThat(nodeA.queue().size()).isZero();
            a.close();
            b.close();
        }
    }

    private static DeliveryService node(Store store, TestDnsServer dns, FakeSmtpPeer peer, String id) {
        DnsjavaResolver resolver = new DnsjavaResolver(new DnsjavaResolver.Config(
                List.of(DnsServerAddress.parse(dns.hostPort())), Duration.ofSeconds(2), 100, InstantSource.system()));
        DeliverySettings s = new DeliverySettings("out.test", peer.port(), Duration.ofDays(5), Optional.empty(),
                Optional.empty(), Map.of(), 4, 4, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(1),
                false, false, false, SmtpClientSettings.uniform(Duration.ofSeconds(5)), id);
        return new DeliveryService(s, new DeliveryService.Collaborators(store.queue(), store.blobs(), store.settings(),
                resolver, TestCerts.trustingTestCa(), Optional.empty(), (r, m, u) -> { }, new SimpleMeterRegistry(),
                InstantSource.system(), RandomGenerator.getDefault()));
    }
}
