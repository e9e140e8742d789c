package dev.facteur.toolkit.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A minimal W3C WebDriver client for Debian's chromium-driver: a session in headless Chromium,
 * navigation, elements found with an implicit wait, text, typing, clicks and screenshots.
 */
final class WebDriver implements AutoCloseable {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String session;

    WebDriver() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        base = "http://127.0.0.1:" + port;
        JsonNode status = null;
        for (int i = 0; i < 100 && status == null; i++) {
            try {
                status = get("/status");
            } catch (IOException e) {
                driver.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        Map<String, Object> caps = Map.of("capabilities", Map.of("alwaysMatch", Map.of("browserName", "chrome",
                "goog:chromeOptions", Map.of("binary", CHROMIUM.toString(),
                        "args", List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,1500")))));
        session = post("/session", caps).path("value").path("sessionId").asText();
        post("/session/" + session + "/timeouts", Map.of("implicit", 30_000));
    }

    void open(String url) throws IOException, InterruptedException {
        post("/session/" + session + "/url", Map.of("url", url));
    }

    String find(String css) throws IOException, InterruptedException {
        JsonNode v = post("/session/" + session + "/element", Map.of("using", "css selector", "value", css)).path("value");
        String id = v.path("element-6066-11e4-a52e-4f735466cecf").asText();
        if (id.isEmpty()) {
            throw new IOException("no element " + css + ": " + v);
        }
        return id;
    }

    List<String> findAll(String css) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        post("/session/" + session + "/elements", Map.of("using", "css selector", "value", css)).path("value")
                .forEach(n -> ids.add(n.path("element-6066-11e4-a52e-4f735466cecf").asText()));
        return ids;
    }

    String text(String element) throws IOException, InterruptedException {
        return get("/session/" + session + "/element/" + element + "/text").path("value").asText();
    }

    void type(String element, String text) throws IOException, InterruptedException {
        post("/session/" + session + "/element/" + element + "/value", Map.of("text", text));
    }

    void click(String element) throws IOException, InterruptedException {
        post("/session/" + session + "/element/" + element + "/click", Map.of());
    }

    void screenshot(Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(get("/session/" + session + "/screenshot").path("value").asText()));
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private JsonNode post(String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        try {
            http.send(HttpRequest.newBuilder(URI.create(base + "/session/" + session)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException e) {
            // the driver is stopped below anyway
        } finally {
            driver.destroy();
        }
    }
}
