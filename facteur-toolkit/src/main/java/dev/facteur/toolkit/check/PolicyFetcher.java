package dev.facteur.toolkit.check;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Fetches an MTA-STS policy over HTTPS (RFC 8461 §3.3); injected so that tests need no web PKI. */
@FunctionalInterface
public interface PolicyFetcher {

    /** The outcome of one fetch. */
    sealed interface Result {
        record Fetched(String body) implements Result {
        }

        record Failed(String reason) implements Result {
        }
    }

    Result fetch(String policyDomain);

    /** RFC 8461 §3.3: HTTPS to mta-sts.<domain>, no redirects, a 64 KiB limit, a short timeout. */
    static PolicyFetcher https(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        return domain -> {
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create("https://mta-sts." + domain + "/.well-known/mta-sts.txt"))
                        .timeout(timeout).GET().build();
                HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = resp.body()) {
                    if (resp.statusCode() != 200) {
                        return new Result.Failed("HTTP status " + resp.statusCode());
                    }
                    byte[] body = in.readNBytes(64 * 1024 + 1);
                    if (body.length > 64 * 1024) {
                        return new Result.Failed("policy larger than 64 KiB");
                    }
                    return new Result.Fetched(new String(body, StandardCharsets.UTF_8));
                }
            } catch (IOException | IllegalArgumentException e) {
                return new Result.Failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result.Failed("interrupted");
            }
        };
    }
}
