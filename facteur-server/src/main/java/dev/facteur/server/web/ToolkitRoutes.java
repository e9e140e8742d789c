package dev.facteur.server.web;

import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.toolkit.analyze.MessageAnalyzer;
import dev.facteur.toolkit.check.DomainCheckOptions;
import dev.facteur.toolkit.check.DomainChecker;
import dev.facteur.toolkit.check.PolicyFetcher;
import dev.facteur.toolkit.server.ServerCheckOptions;
import dev.facteur.toolkit.server.ServerChecker;
import dev.facteur.toolkit.verify.AddressLists;
import dev.facteur.toolkit.verify.AddressVerifier;
import dev.facteur.toolkit.verify.Pause;
import dev.facteur.toolkit.verify.VerifierConfig;
import dev.facteur.toolkit.web.ToolkitApi;
import dev.facteur.toolkit.web.VerifyJobs;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deliverability toolkit over HTTP: the JSON API under {@code /api/} and the page at
 * {@code /} (static files from the toolkit's {@code web/} resources).
 */
public final class ToolkitRoutes {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, String> PAGES = Map.of("/", "index.html", "/toolkit.css", "toolkit.css",
            "/toolkit.js", "toolkit.js");

    private final ToolkitApi api;

    /**
     * @param heloName the name the checks and callouts introduce themselves with (the server's hostname)
     * @param smtpPort the port of remote MX hosts (the delivery port)
     */
    public ToolkitRoutes(DnsResolver dns, String heloName, int smtpPort, InstantSource clock) {
        DomainChecker domains = new DomainChecker(dns, clock, PolicyFetcher.https(dns, TIMEOUT));
        DomainCheckOptions domainOptions = new DomainCheckOptions(List.of(), true, smtpPort, List.of(), TIMEOUT, heloName);
        ServerChecker servers = new ServerChecker(host -> {
            List<java.net.InetAddress> all = new java.util.ArrayList<>(dns.a(host).values());
            all.addAll(dns.aaaa(host).values());
            return all;
        }, clock);
        AddressVerifier verifier = new AddressVerifier(dns, VerifierConfig.defaults(heloName).withPort(smtpPort),
                AddressLists.shipped(), Pause.real(), new SecureRandom());
        this.api = new ToolkitApi(domains, domainOptions, servers, ServerCheckOptions.standard(TIMEOUT, Optional.empty()),
                new MessageAnalyzer(dns, clock), verifier, new VerifyJobs(verifier, clock, 4, 10_000));
    }

    public void register(HttpRouting.Builder routing) {
        routing.get("/api/check/domain", (req, res) -> send(res, api.checkDomain(
                        req.query().first("name").orElse(""), req.query().all("selector", List::of),
                        !req.query().first("smtp").orElse("true").equals("false"), req.query().all("dnsbl", List::of))))
                .get("/api/check/server", (req, res) -> send(res, api.checkServer(req.query().first("host").orElse(""))))
                .post("/api/analyze", (req, res) -> send(res, api.analyze(req.content().inputStream())))
                .get("/api/verify", (req, res) -> send(res, api.verify(req.query().first("address").orElse(""))))
                .post("/api/verify/jobs", (req, res) -> send(res, api.submitJob(req.content().inputStream(),
                        req.headers().first(HeaderNames.CONTENT_TYPE).orElse(""))))
                .get("/api/verify/jobs/{id}", (req, res) -> send(res, api.job(req.path().pathParameters().get("id"))));
        PAGES.forEach((path, file) -> routing.get(path, (req, res) -> page(res, file)));
    }

    private static void send(ServerResponse res, ToolkitApi.Response r) {
        res.status(Status.create(r.status())).header(HeaderNames.CONTENT_TYPE, "application/json").send(r.json());
    }

    private static void page(ServerResponse res, String file) {
        String type = file.endsWith(".css") ? "text/css; charset=utf-8"
                : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8";
        try (InputStream in = ToolkitApi.class.getResourceAsStream("/web/" + file)) {
            if (in == null) {
                res.status(Status.NOT_FOUND_404).send("not found");
                return;
            }
            res.header(HeaderNames.CONTENT_TYPE, type).send(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
