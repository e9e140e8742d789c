package dev.facteur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dmarc.report.AggregateReport;
import dev.facteur.auth.dmarc.report.ReportMessages;
import dev.facteur.server.reports.ReportImport;
import dev.facteur.store.TestStores;
import dev.facteur.store.sql.SqlStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportRoutesTest {
    @TempDir
    Path dir;
    private SqlStore store;
    private HttpService web;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        store = TestStores.sqlite(dir);
        ReportRoutes routes = new ReportRoutes(store.reports());
        web = new HttpService(new InetSocketAddress("127.0.0.1", 0), HttpService.Health.Ok::new,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), routes::register);
    }

    @AfterEach
    void stop() {
        web.close();
        store.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void receivedReportsAreListedAndShownAsJson() throws Exception {
        var r = new AggregateReport("1.0", new AggregateReport.Metadata("Big Receiver", "noreply@big.test", Optional.empty(),
                "id-9", 1774915200, 1775001600, List.of()),
                new AggregateReport.PolicyPublished("local.test", Optional.empty(), Optional.empty(), "none",
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                List.of(new AggregateReport.Row("192.0.2.8", 4, "none", "pass", "pass", List.of(), Optional.empty(),
                        Optional.of("local.test"), "local.test", List.of(), List.of())));
        ReportImport.importMessage(store.reports(), ReportMessages.aggregate(r, "noreply@big.test", "d@local.test", "big.test",
                Instant.now()), Instant.now());
        HttpResponse<String> list = get("/api/reports/dmarc");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("content-type")).contains("application/json");
        assertThat(list.body()).contains("\"reportId\":\"id-9\"").contains("\"messages\":4").contains("\"passed\":4");
        HttpResponse<String> one = get("/api/reports/dmarc/1");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).contains("\"sourceIp\":\"192.0.2.8\"");
    }

    @Test
    void unknownIdsAndBadLimitsAreClientErrors() throws Exception {
        assertThat(get("/api/reports/dmarc/12345").statusCode()).isEqualTo(404);
        assertThat(get("/api/reports/dmarc/abc").statusCode()).isEqualTo(404);
        HttpResponse<String> bad = get("/api/reports/dmarc?limit=0");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("limit must be between 1 and 1000");
    }
}
