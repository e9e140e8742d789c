package dev.facteur.toolkit.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.facteur.toolkit.analyze.MessageAnalyzer;
import dev.facteur.toolkit.check.DomainCheckOptions;
import dev.facteur.toolkit.check.DomainChecker;
import dev.facteur.toolkit.report.JsonRenderer;
import dev.facteur.toolkit.server.ServerCheckOptions;
import dev.facteur.toolkit.server.ServerChecker;
import dev.facteur.toolkit.verify.AddressVerifier;
import dev.facteur.toolkit.verify.CsvAddresses;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The toolkit's HTTP API, independent of the HTTP server: each method takes the request's
 * parameters or body and returns the status and the JSON body. facteur-server maps its routes to
 * these methods and serves the page from the classpath folder {@code /web/}:
 *
 * <pre>
 * GET  /api/check/domain?name=D[&amp;selector=S…][&amp;smtp=false][&amp;dnsbl=Z…] → {@link #checkDomain}
 * GET  /api/check/server?host=H                                   → {@link #checkServer}
 * POST /api/analyze  (body: the message or its headers)            → {@link #analyze}
 * GET  /api/verify?address=A                                       → {@link #verify}
 * POST /api/verify/jobs (body: CSV, or JSON {"addresses":[…]})      → {@link #submitJob} (202)
 * GET  /api/verify/jobs/{id}                                       → {@link #job}
 * </pre>
 *
 * Errors are {@code {"error": "one line"}} with 400 (bad input), 404 (unknown job) or 429 (too many jobs).
 */
public final class ToolkitApi {

    /** An HTTP answer: status and JSON body. */
    public record Response(int status, String json) {
    }

    /** The largest body accepted by {@link #analyze} and {@link #submitJob}. */
    public static final int MAX_BODY = MessageAnalyzer.MAX_BYTES;

    private final DomainChecker domains;
    private final DomainCheckOptions domainDefaults;
    private final ServerChecker servers;
    private final ServerCheckOptions serverDefaults;
    private final MessageAnalyzer analyzer;
    private final AddressVerifier verifier;
    private final VerifyJobs jobs;

    public ToolkitApi(DomainChecker domains, DomainCheckOptions domainDefaults, ServerChecker servers, ServerCheckOptions serverDefaults,
            MessageAnalyzer analyzer, AddressVerifier verifier, VerifyJobs jobs) {
        this.domains = domains;
        this.domainDefaults = domainDefaults;
        this.servers = servers;
        this.serverDefaults = serverDefaults;
        this.analyzer = analyzer;
        this.verifier = verifier;
        this.jobs = jobs;
    }

    public Response checkDomain(String name, List<String> selectors, boolean smtp, List<String> dnsbls) {
        if (name == null || name.isBlank()) {
            return error(400, "the name parameter is required");
        }
        try {
            DomainCheckOptions o = new DomainCheckOptions(selectors, smtp && domainDefaults.probeSmtp(), domainDefaults.smtpPort(),
                    dnsbls.isEmpty() ? domainDefaults.dnsbls() : dnsbls, domainDefaults.timeout(), domainDefaults.heloName());
            return ok(domains.check(name, o));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    public Response checkServer(String host) {
        if (host == null || host.isBlank()) {
            return error(400, "the host parameter is required");
        }
        return ok(servers.check(host, serverDefaults));
    }

    public Response analyze(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length == 0) {
            return error(400, "paste the message or its headers as the request body");
        }
        return ok(analyzer.analyze(bytes));
    }

    public Response verify(String address) {
        if (address == null || address.isBlank()) {
            return error(400, "the address parameter is required");
        }
        return ok(verifier.verify(address));
    }

    public Response submitJob(InputStream body, String contentType) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            return error(400, "body larger than " + MAX_BODY + " octets");
        }
        List<String> addresses = new ArrayList<>();
        try {
            if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                JsonNode n = JsonRenderer.mapper().readTree(bytes);
                if (n == null || !n.path("addresses").isArray()) {
                    return error(400, "expected {\"addresses\": [ ... ]}");
                }
                n.path("addresses").forEach(a -> addresses.add(a.asText()));
            } else {
                addresses.addAll(CsvAddresses.read(new ByteArrayInputStream(bytes), 100_000));
            }
            VerifyJobs.Status s = jobs.submit(addresses);
            return new Response(202, JsonRenderer.compact(s));
        } catch (CsvAddresses.CsvException | IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return error(400, "the body is not valid JSON");
        } catch (IllegalStateException e) {
            return error(429, e.getMessage());
        }
    }

    public Response job(String id) {
        Optional<VerifyJobs.Status> s = jobs.status(id == null ? "" : id);
        return s.map(ToolkitApi::ok).orElseGet(() -> error(404, "no such job"));
    }

    private static Response ok(Object value) {
        return new Response(200, JsonRenderer.compact(value));
    }

    private static Response error(int status, String message) {
        return new Response(status, JsonRenderer.compact(Map.of("error", dev.facteur.toolkit.report.Printable.of(String.valueOf(message), 300))));
    }
}
