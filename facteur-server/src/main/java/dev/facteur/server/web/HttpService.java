package dev.facteur.server.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The HTTP listener: {@code /healthz} for load balancers and supervisors, {@code /metrics} in
 * Prometheus format, and the routes other features add (admin API, pages, autoconfig).
 */
public final class HttpService implements AutoCloseable {
    private final WebServer server;

    /** Whether the server can do its work; {@code /healthz} answers 503 with the reason when not. */
    public sealed interface Health {
        record Ok() implements Health {}

        record Failing(String reason) implements Health {}
    }

    public HttpService(InetSocketAddress address, Supplier<Health> health, PrometheusMeterRegistry metrics,
                       Consumer<HttpRouting.Builder> extraRoutes) {
        HttpRouting.Builder routing = HttpRouting.builder()
                .get("/healthz", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    switch (health.get()) {
                        case Health.Ok ok -> res.send("{\"status\":\"ok\"}\n");
                        case Health.Failing f -> res.status(Status.SERVICE_UNAVAILABLE_503)
                                .send("{\"status\":\"failing\",\"reason\":" + Json.quote(f.reason()) + "}\n");
                    }
                })
                .get("/metrics", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    res.send(metrics.scrape());
                });
        extraRoutes.accept(routing);
        server = WebServer.builder()
                .address(address.getAddress())
                .port(address.getPort())
                .routing(routing)
                .build()
                .start();
    }

    /**
     * Runs Helidon's one-time set-up (its service registry and routing defaults, a fifth of
     * start-up) ahead of need, e.g. on a side thread while the configuration is read. Class
     * initialisation is thread-safe: a start that needs it meanwhile waits for it.
     */
    public static void prepare() {
        HttpRouting.builder();
        WebServer.builder();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }

    @Override
    public String toString() {
        return "http listener on port " + server.port();
    }
}
