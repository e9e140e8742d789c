package dev.facteur.toolkit.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON shapes of the toolkit API, as the page and other clients rely on them. */
class ToolkitApiTest {

    static WebFixture fx;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        fx = new WebFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    @Test
    void checkDomainAnswersAReportWithFindingsAndWorst() throws Exception {
        ToolkitApi.Response r = fx.api.checkDomain("web.test", List.of(), false, List.of());
        assertThat(r.status()).isEqualTo(200);
        JsonNode n = JSON.readTree(r.json());
        assertThat(n.path("kind").asText()).isEqualTo("domain");
        assertThat(n.path("subject").asText()).isEqualTo("web.test");
        assertThat(n.path("worst").asText()).isEqualTo("error");
        assertThat(n.path("findings").get(0).fieldNames()).toIterable().containsExactlyInAnyOrder("area", "code", "severity", "explanation", "fix");
        assertThat(r.json()).contains("\"code\":\"spf-pass-all\"");
    }

    @Test
    void verifyAnswersTheVerdictWithTypedEvidence() throws Exception {
        JsonNode n = JSON.readTree(fx.api.verify("alice@web.test").json());
        assertThat(n.path("verdict").asText()).isEqualTo("deliverable");
        assertThat(n.path("reason").asText()).isEqualTo("mailbox_exists");
        assertThat(n.path("evidence").findValuesAsText("kind")).contains("dns", "smtp");
    }

    @Test
    void bulkJobRunsAndReportsProgressThenResults() throws Exception {
        ToolkitApi.Response submitted = fx.api.submitJob(new ByteArrayInputStream("alice@web.test\nbob@web.test\nnot an address\n".getBytes(StandardCharsets.UTF_8)), "text/csv");
        assertThat(submitted.status()).isEqualTo(202);
        String id = JSON.readTree(submitted.json()).path("id").asText();
        fx.jobs.await(id, Duration.ofSeconds(30));
        JsonNode n = JSON.readTree(fx.api.job(id).json());
        assertThat(n.path("status").asText()).isEqualTo("done");
        assertThat(n.path("summary").path("deliverable").asInt()).isEqualTo(1);
        assertThat(n.path("summary").path("undeliverable").asInt()).isEqualTo(2);
        assertThat(n.path("results")).hasSize(3);
        assertThat(fx.api.job("nope").status()).isEqualTo(404);
    }

    @Test
    void badInputIsA400WithAOneLineError() throws Exception {
        assertThat(fx.api.checkDomain(null, List.of(), true, List.of()).status()).isEqualTo(400);
        assertThat(fx.api.checkDomain("web.test", List.of("bad selector!"), true, List.of()).json()).contains("\"error\"");
        assertThat(fx.api.submitJob(new ByteArrayInputStream("{".getBytes(StandardCharsets.UTF_8)), "application/json").status()).isEqualTo(400);
        assertThat(fx.api.analyze(new ByteArrayInputStream(new byte[0])).status()).isEqualTo(400);
        JsonNode garbage = JSON.readTree(fx.api.checkDomain("\u0000garbage..", List.of(), true, List.of()).json());
        assertThat(garbage.path("findings").get(0).path("code").asText()).isEqualTo("invalid-domain");
    }
}
