package dev.facteur.server.reports;

import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.tlsrpt.TlsReport;
import dev.facteur.auth.tlsrpt.TlsReportMessages;
import dev.facteur.auth.tlsrpt.TlsRptRecord;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.store.ReportStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends the TLS-RPT reports for one period (RFC 8460 §5) to the rua of {@code _smtp._tls.<domain>}. */
final class TlsReportSender {
    private static final Logger LOG = LoggerFactory.getLogger(TlsReportSender.class);

    /** RFC 8460 §5.2: delivers a gzipped report by HTTPS POST; true when the server took it (2xx). */
    @FunctionalInterface
    interface HttpsPoster {
        boolean post(URI uri, byte[] gzippedReport);

        /** The JDK client, HTTPS only, with bounded time. */
        static HttpsPoster standard() {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            return (uri, body) -> {
                if (!"https".equalsIgnoreCase(uri.getScheme())) {
                    return false;
                }
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                        .header("Content-Type", TlsReportMessages.MEDIA_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                try {
                    int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    return status >= 200 && status < 300;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            };
        }
    }

    /** What happened to one destination. */
    record Delivery(String domain, String destination, boolean sent, String detail) {
    }

    private final ReportStore store;
    private final DnsResolver dns;
    private final ReportMailer mailer;
    private final HttpsPoster poster;
    private final EmailAddress from;
    private final String orgName;
    private final InstantSource clock;

    TlsReportSender(ReportStore store, DnsResolver dns, ReportMailer mailer, HttpsPoster poster, EmailAddress from,
                    String orgName, InstantSource clock) {
        this.store = store;
        this.dns = dns;
        this.mailer = mailer;
        this.poster = poster;
        this.from = from;
        this.orgName = orgName;
        this.clock = clock;
    }

    List<Delivery> send(Instant begin, Instant end) {
        Map<String, List<ReportStore.TlsSession>> byDomain = new LinkedHashMap<>();
        for (ReportStore.TlsSession s : store.tlsSessions(begin, end)) {
            byDomain.computeIfAbsent(s.policyDomain(), k -> new ArrayList<>()).add(s);
        }
        List<Delivery> out = new ArrayList<>();
        for (var e : byDomain.entrySet()) {
            out.addAll(deliver(e.getKey(), report(e.getKey(), e.getValue(), begin, end)));
        }
        out.forEach(d -> LOG.atInfo().addKeyValue("delivery", d).log("TLS report"));
        return out;
    }

    /** RFC 8460 §4.4: one policies entry per policy applied, failures counted per type, host and address. */
    TlsReport report(String domain, List<ReportStore.TlsSession> sessions, Instant begin, Instant end) {
        record PolicyKey(String type, List<String> strings) {
        }
        record FailureKey(String type, String mx, String ip) {
        }
        Map<PolicyKey, long[]> successes = new LinkedHashMap<>();
        Map<PolicyKey, Map<FailureKey, Long>> failures = new LinkedHashMap<>();
        for (ReportStore.TlsSession s : sessions) {
            PolicyKey k = new PolicyKey(s.policyType(), s.policyStrings());
            successes.computeIfAbsent(k, x -> new long[1]);
            failures.computeIfAbsent(k, x -> new LinkedHashMap<>());
            if (s.success()) {
                successes.get(k)[0]++;
            } else {
                failures.get(k).merge(new FailureKey(s.resultType(), s.mxHost(), s.receivingIp()), 1L, Long::sum);
            }
        }
        List<TlsReport.PolicyResult> policies = new ArrayList<>();
        for (var p : successes.entrySet()) {
            List<TlsReport.FailureDetail> details = failures.get(p.getKey()).entrySet().stream()
                    .map(f -> new TlsReport.FailureDetail(f.getKey().type(), f.getKey().mx(), f.getKey().ip(), f.getValue()))
                    .toList();
            policies.add(new TlsReport.PolicyResult(p.getKey().type(), p.getKey().strings(), domain, p.getValue()[0], details));
        }
        // RFC 8460 §4.4 report-id: unique; the day and domain keep it stable if the run is repeated.
        String id = begin.getEpochSecond() + "." + domain + "@" + from.domain().name();
        return new TlsReport(orgName, begin, end, "mailto:" + from, id, policies);
    }

    private List<Delivery> deliver(String domain, TlsReport report) {
        return switch (TlsRptRecord.lookup(dns, domain)) {
            case TlsRptRecord.Lookup.NotFound n -> List.of(new Delivery(domain, "", false, n.reason()));
            case TlsRptRecord.Lookup.Failed f -> List.of(new Delivery(domain, "", false, "DNS: " + f.cause()));
            case TlsRptRecord.Lookup.Found found -> {
                List<Delivery> out = new ArrayList<>();
                for (String uri : found.record().rua()) {
                    out.add(deliverTo(domain, report, uri));
                }
                yield out;
            }
        };
    }

    private Delivery deliverTo(String domain, TlsReport report, String uri) {
        if (uri.toLowerCase(Locale.ROOT).startsWith("mailto:")) {
            String address;
            try {
                address = URLDecoder.decode(uri.substring(7).replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return new Delivery(domain, uri, false, "malformed mailto URI");
            }
            int q = address.indexOf('?');
            address = q >= 0 ? address.substring(0, q) : address;
            // RFC 8460 §5.3: the report by mail, through the queue like any other mail.
            mailer.send(from, address, TlsReportMessages.mail(report, domain, from.toString(), address,
                    from.domain().name(), clock.instant()));
            return new Delivery(domain, uri, true, "queued");
        }
        URI target;
        try {
            target = URI.create(uri);
        } catch (IllegalArgumentException e) {
            return new Delivery(domain, uri, false, "malformed URI");
        }
        boolean ok = poster.post(target, TlsReportMessages.gzippedJson(report));
        return new Delivery(domain, uri, ok, ok ? "posted" : "POST refused or failed");
    }
}
