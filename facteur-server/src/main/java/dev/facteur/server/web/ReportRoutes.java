package dev.facteur.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.facteur.server.reports.ReportImport;
import dev.facteur.store.ReportStore;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Received DMARC aggregate reports over HTTP: {@code GET /api/reports/dmarc} (summaries, newest
 * first, {@code ?limit=}) and {@code GET /api/reports/dmarc/{id}} (one report with its rows).
 */
public final class ReportRoutes {
    static final int MAX_LIMIT = 1000;
    private final ReportStore reports;
    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public ReportRoutes(ReportStore reports) {
        this.reports = reports;
    }

    public void register(HttpRouting.Builder routing) {
        routing.get("/api/reports/dmarc", (req, res) -> {
            Optional<Integer> limit = number(req.query().first("limit").orElse("100"));
            if (limit.isEmpty() || limit.get() < 1 || limit.get() > MAX_LIMIT) {
                error(res, Status.BAD_REQUEST_400, "limit must be between 1 and " + MAX_LIMIT);
                return;
            }
            json(res, Status.OK_200, reports.receivedReports(limit.get()));
        }).get("/api/reports/dmarc/{id}", (req, res) -> {
            Optional<Integer> id = number(req.path().pathParameters().get("id"));
            Optional<ReportStore.ReceivedReport> r = id.flatMap(i -> reports.receivedReport(i));
            if (r.isEmpty()) {
                error(res, Status.NOT_FOUND_404, "no such report");
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("summary", r.get().summary());
            body.put("report", ReportImport.parsed(r.get()).orElse(null));
            json(res, Status.OK_200, body);
        });
    }

    private static Optional<Integer> number(String s) {
        return s.matches("[0-9]{1,9}") ? Optional.of(Integer.parseInt(s)) : Optional.empty();
    }

    private void json(ServerResponse res, Status status, Object value) throws JsonProcessingException {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(mapper.writeValueAsString(value) + "\n");
    }

    private static void error(ServerResponse res, Status status, String message) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send("{\"error\":" + Json.quote(message) + "}\n");
    }
}
