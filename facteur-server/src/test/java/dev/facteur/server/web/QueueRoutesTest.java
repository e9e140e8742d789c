package dev.facteur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facteur.smtp.outbound.QueueAdmin;
import dev.facteur.store.BlobId;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import dev.facteur.store.QueuedMessage;
import dev.facteur.store.Store;
import dev.facteur.store.TestStores;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin queue API over real HTTP on a loopback port 0. */
class QueueRoutesTest {
    private static final String TOKEN = "a-test-admin-token-0123456789";
    private static final String BODY = "From: alice@a.test\r\nSubject: queued\r\n\r\nbody\r\n";

    @TempDir
    Path dir;
    private Store store;
    private HttpService web;
    private HttpService disabled;
    private final AtomicInteger wakes = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() {
        store = TestStores.sqlite(dir.resolve("store"));
        QueueAdmin admin = new QueueAdmin(store.queue(), store.blobs(), wakes::incrementAndGet);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        web = new HttpService(any, HttpService.Health.Ok::new, metrics,
                new QueueRoutes(admin, Optional.of(TOKEN.getBytes(StandardCharsets.UTF_8)))::register);
        disabled = new HttpService(any, HttpService.Health.Ok::new, metrics,
                new QueueRoutes(admin, Optional.empty())::register);
    }

    @AfterEach
    void stop() {
        web.close();
        disabled.close();
        store.close();
    }

    private QueuedMessage enqueue(String rcpt) throws Exception {
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        BlobId blob = store.blobs().put(bytes);
        return store.queue().enqueue(new OutboundMessage(Optional.of("alice@a.test"), List.of(new OutboundRecipient(rcpt,
                Optional.empty(), Optional.empty())), blob, bytes.length, Optional.empty(), Optional.empty(), false,
                false, false, Instant.now()));
    }

    private HttpResponse<String> call(HttpService server, String method, String path, Optional<String> auth)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        auth.ifPresent(a -> b.header("Authorization", a));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return call(web, method, path, Optional.of("Bearer " + TOKEN));
    }

    private JsonNode body(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        return json.readTree(r.body());
    }

    @Test
    void withoutAConfiguredTokenTheApiIsDisabledWith404() throws Exception {
        HttpResponse<String> r = call(disabled, "GET", "/admin/queue", Optional.of("Bearer " + TOKEN));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(body(r).get("error").asText()).contains("admin_token_file");
    }

    @Test
    void missingOrWrongTokensGet401WithABearerChallenge() throws Exception {
        QueuedMessage q = enqueue("bob@b.test");
        for (Optional<String> auth : List.of(Optional.<String>empty(), Optional.of("Bearer wrong-token"),
                Optional.of("Bearer " + TOKEN + "x"), Optional.of("Basic " + TOKEN), Optional.of("Bearer"))) {
            HttpResponse<String> r = call(web, "DELETE", "/admin/queue/" + q.id(), auth);
            assertThat(r.statusCode()).as(auth.toString()).isEqualTo(401);
            assertThat(r.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(body(r).get("error").asText()).contains("token");
        }
        assertThat(store.queue().find(q.id())).as("nothing was deleted").isPresent();
        assertThat(call(web, "GET", "/admin/queue", Optional.of("bearer " + TOKEN)).statusCode())
                .as("the scheme is case-insensitive").isEqualTo(200);
    }

    @Test
    void listShowsTheQueueAndItsSize() throws Exception {
        QueuedMessage first = enqueue("bob@b.test");
        enqueue("carol@c.test");
        JsonNode list = body(call("GET", "/admin/queue"));
        assertThat(list.get("size").asLong()).isEqualTo(2);
        assertThat(list.get("messages")).hasSize(2);
        assertThat(list.get("messages").get(0).get("id").asLong()).isEqualTo(first.id());
        assertThat(list.get("messages").get(0).get("sender").asText()).isEqualTo("alice@a.test");
        assertThat(body(call("GET", "/admin/queue?limit=1")).get("messages")).hasSize(1);
        assertThat(call("GET", "/admin/queue?limit=0").statusCode()).isEqualTo(400);
        assertThat(call("GET", "/admin/queue?limit=many").statusCode()).isEqualTo(400);
    }

    @Test
    void showGivesRecipientsAndHeaders() throws Exception {
        QueuedMessage q = enqueue("bob@b.test");
        JsonNode d = body(call("GET", "/admin/queue/" + q.id()));
        assertThat(d.get("entry").get("id").asLong()).isEqualTo(q.id());
        assertThat(d.get("recipients").get(0).get("recipient").get("address").asText()).isEqualTo("bob@b.test");
        assertThat(d.get("recipients").get(0).get("status").asText()).isEqualTo("PENDING");
        assertThat(d.get("headers").asText()).contains("Subject: queued").doesNotContain("body");
        assertThat(call("GET", "/admin/queue/999999").statusCode()).isEqualTo(404);
        assertThat(call("GET", "/admin/queue/12x").statusCode()).isEqualTo(400);
    }

    @Test
    void holdReleaseRetryAndDeleteChangeTheQueue() throws Exception {
        QueuedMessage q = enqueue("bob@b.test");
        HttpResponse<String> hold = call("POST", "/admin/queue/" + q.id() + "/hold");
        assertThat(hold.statusCode()).isEqualTo(200);
        assertThat(body(hold).get("result").asText()).isEqualTo("held");
        assertThat(store.queue().find(q.id()).orElseThrow().held()).isTrue();

        assertThat(call("POST", "/admin/queue/" + q.id() + "/release").statusCode()).isEqualTo(200);
        assertThat(store.queue().find(q.id()).orElseThrow().held()).isFalse();
        assertThat(call("POST", "/admin/queue/" + q.id() + "/retry").statusCode()).isEqualTo(200);
        assertThat(wakes.get()).as("release and retry wake the worker").isEqualTo(2);

        assertThat(call("DELETE", "/admin/queue/" + q.id()).statusCode()).isEqualTo(200);
        assertThat(store.queue().find(q.id())).isEmpty();
        assertThat(call("DELETE", "/admin/queue/" + q.id()).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/admin/queue/" + q.id() + "/retry").statusCode()).isEqualTo(404);
    }
}
