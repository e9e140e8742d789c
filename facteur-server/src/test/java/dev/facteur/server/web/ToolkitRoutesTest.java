package dev.facteur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facteur.auth.dns.DnsjavaResolver;
import dev.facteur.testkit.dns.TestDnsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The toolkit's HTTP routes resolve names through the configured DNS servers, not the system's. */
class ToolkitRoutesTest {

    static TestDnsServer dns;
    static HttpService http;

    @BeforeAll
    static void start() {
        dns = TestDnsServer.start();
        // Known only to the test DNS server; nothing listens on 127.0.0.93, so every port is closed.
        dns.a("mail.routes.test", "127.0.0.93").mx("routes.test", 10, "mail.routes.test").txt("routes.test", "v=spf1 +all");
        var resolver = new DnsjavaResolver(DnsjavaResolver.Config.of(List.of(dns.hostPort()), Duration.ofSeconds(1)));
        ToolkitRoutes routes = new ToolkitRoutes(resolver, "check.test", 25, InstantSource.system());
        http = new HttpService(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), HttpService.Health.Ok::new,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), routes::register);
    }

    @AfterAll
    static void stop() {
        http.close();
        dns.close();
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    void serverCheckFindsTheHostThroughTheConfiguredDns() throws Exception {
        JsonNode r = get("/api/check/server?host=mail.routes.test");
        List<String> codes = r.path("report").path("findings").findValuesAsText("code");
        assertThat(codes).doesNotContain("host-not-found").contains("port-closed");
        assertThat(r.path("ports")).allSatisfy(p -> assertThat(p.path("tlsOffered").isArray()).isTrue());
    }

    @Test
    void domainCheckUsesTheConfiguredDnsAndFetchesNoPolicyWithoutAnAddress() throws Exception {
        JsonNode r = get("/api/check/domain?name=routes.test&smtp=false");
        List<String> codes = r.path("findings").findValuesAsText("code");
        assertThat(codes).contains("spf-pass-all", "mta-sts-none").doesNotContain("mta-sts-policy-without-txt", "domain-not-found");
    }
}
