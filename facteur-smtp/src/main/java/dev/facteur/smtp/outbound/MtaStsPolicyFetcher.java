package dev.facteur.smtp.outbound;

import dev.facteur.core.mail.Domain;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Fetches a domain's MTA-STS policy over HTTPS (RFC 8461 §3.3) with java.net.http: the certificate
 * must be valid for {@code mta-sts.<domain>} (the client's default endpoint identification),
 * redirects are not followed, only 200 with {@code text/plain} counts, and the body is bounded.
 */
public final class MtaStsPolicyFetcher {

    /** RFC 8461 §3.3 suggests 64 KiB as the most a sender should read. */
    static final int MAX_BODY = 64 * 1024;

    private final HttpClient http;
    private final Function<Domain, URI> location;
    private final Duration timeout;

    /**
     * @param http a client with the trust store to use; its redirect policy must be NEVER
     * @param location where the policy of a domain lives; {@link #wellKnown} in production
     */
    public MtaStsPolicyFetcher(HttpClient http, Function<Domain, URI> location, Duration timeout) {
        if (http.followRedirects() != HttpClient.Redirect.NEVER) {
            // RFC 8461 §3.3: "HTTP 3xx redirects MUST NOT be followed".
            throw new IllegalArgumentException("the MTA-STS HTTP client must not follow redirects");
        }
        this.http = http;
        this.location = location;
        this.timeout = timeout;
    }

    /** A client with the JVM's trust store, no redirects, and a 60 s connect timeout. */
    public static MtaStsPolicyFetcher standard() {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(60)).build();
        return new MtaStsPolicyFetcher(client, MtaStsPolicyFetcher::wellKnown, Duration.ofSeconds(60));
    }

    /** RFC 8461 §3.3: {@code https://mta-sts.<domain>/.well-known/mta-sts.txt}. */
    public static URI wellKnown(Domain domain) {
        return URI.create("https://mta-sts." + domain.name() + "/.well-known/mta-sts.txt");
    }

    /** The parsed policy, or empty if it could not be fetched or is invalid (the cause is logged by the caller). */
    public Optional<MtaStsPolicy> fetch(Domain domain) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(location.apply(domain)).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching the MTA-STS policy", e);
        }
        try (InputStream body = response.body()) {
            // RFC 8461 §3.3: only a 200 response counts.
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            // RFC 8461 §3.2: the policy is served as text/plain.
            if (!type.startsWith("text/plain")) {
                return Optional.empty();
            }
            byte[] bytes = body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                return Optional.empty();
            }
            return MtaStsPolicy.parse(new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
