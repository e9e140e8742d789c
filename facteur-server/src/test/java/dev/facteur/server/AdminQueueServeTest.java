package dev.facteur.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.core.config.ConfigLoader;
import dev.facteur.core.config.ListenerRole;
import dev.facteur.store.BlobId;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import dev.facteur.store.QueuedMessage;
import dev.facteur.store.Store;
import dev.facteur.testkit.dns.TestDnsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facteur serve} with {@code [http] admin_token_file}: the admin queue API answers with
 * the token, and {@code /metrics} shows the queue size and delivery outcomes.
 */
class AdminQueueServeTest {
    private static final String TOKEN = "serve-test-admin-token-42";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theAdminApiAndTheDeliveryMetricsAreServed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.5"))) {
            closedPort = s.getLocalPort(); // nothing listens there once closed: every attempt is refused
        }
        try (TestDnsServer dns = TestDnsServer.start().mx("down.test", 10, "mx.down.test").a("mx.down.test", "127.0.0.5")) {
            Files.writeString(dir.resolve("admin.token"), TOKEN + "\n");
            Path config = Files.writeString(dir.resolve("facteur.toml"), """
                    hostname = "mx.a.test"
                    data_dir = "data"
                    [dns]
                    servers = ["%s"]
                    [delivery]
                    port = %d
                    [http]
                    admin_token_file = "admin.token"
                    [listeners]
                    smtp = false
                    submission = false
                    submissions = false
                    imap = false
                    imaps = false
                    pop3 = false
                    pop3s = false
                    http = "127.0.0.1:0"
                    """.formatted(dns.hostPort(), closedPort));
            long id;
            try (Store store = StoreAccess.open(ConfigLoader.load(config))) {
                id = enqueue(store).id();
            }
            try (FacteurServer server = FacteurServer.start(ConfigLoader.load(config))) {
                int port = server.port(ListenerRole.HTTP).orElseThrow();
                assertThat(get(port, "/admin/queue", Optional.empty()).statusCode()).isEqualTo(401);
                HttpResponse<String> list = get(port, "/admin/queue", Optional.of(TOKEN));
                assertThat(list.statusCode()).isEqualTo(200);
                assertThat(list.body()).contains("\"size\":1", "\"id\":" + id);
                assertThat(get(port, "/admin/queue/" + id, Optional.of(TOKEN)).body()).contains("bob@down.test");

                // retry wakes the worker: the attempt is refused, so the recipient is deferred.
                HttpResponse<String> retry = post(port, "/admin/queue/" + id + "/retry");
                assertThat(retry.statusCode()).isEqualTo(200);
                String metrics = awaitMetric(port, "facteur_outbound_recipients_total{outcome=\"deferred\"}");
                assertThat(metrics).contains("facteur_outbound_queue_size 1.0");
                assertThat(metrics).contains("facteur_outbound_attempt_duration_seconds_count");
            }
        }
    }

    private static QueuedMessage enqueue(Store store) throws Exception {
        byte[] bytes = "From: alice@a.test\r\nSubject: s\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8);
        BlobId blob = store.blobs().put(bytes);
        return store.queue().enqueue(new OutboundMessage(Optional.of("alice@a.test"), List.of(new OutboundRecipient(
                "bob@down.test", Optional.empty(), Optional.empty())), blob, bytes.length, Optional.empty(),
                Optional.empty(), false, false, false, Instant.now()));
    }

    private HttpResponse<String> get(int port, String path, Optional<String> token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Scrapes /metrics until {@code series} appears (the worker records the outcome after the attempt). */
    private String awaitMetric(int port, String series) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String body = get(port, "/metrics", Optional.empty()).body();
            if (body.contains(series) || System.nanoTime() > deadline) {
                assertThat(body).contains(series);
                return body;
            }
        }
    }
}
