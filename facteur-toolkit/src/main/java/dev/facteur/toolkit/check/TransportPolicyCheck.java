package dev.facteur.toolkit.check;

import dev.facteur.auth.dns.DnsResult;
import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** MTA-STS (RFC 8461), TLS-RPT (RFC 8460) and BIMI records of a domain. */
final class TransportPolicyCheck {

    private final CheckContext ctx;
    private final PolicyFetcher fetcher;

    TransportPolicyCheck(CheckContext ctx, PolicyFetcher fetcher) {
        this.ctx = ctx;
        this.fetcher = fetcher;
    }

    void mtaSts(String domain, List<MxCheck.Host> mx) {
        DnsResult<String> r = ctx.txtStartingWith("_mta-sts." + domain, "v=STSv1");
        switch (r) {
            case DnsResult.TempFailure<String> f -> ctx.temporary("mta-sts", "the MTA-STS record", f);
            case DnsResult.Records<String> rec when rec.values().size() > 1 -> ctx.add(Finding.error("mta-sts", "mta-sts-multiple",
                    "_mta-sts." + domain + " has several STSv1 records, which RFC 8461 §3.1 treats as no policy.", "Keep one: _mta-sts." + domain + ". TXT \"v=STSv1; id=20260101T000000\""));
            case DnsResult.Records<String> rec -> {
                Optional<String> id = tags(rec.values().getFirst()).flatMap(t -> t.get("id"));
                // RFC 8461 §3.1: id is 1 to 32 alphanumeric characters.
                if (id.isEmpty() || !id.get().matches("[A-Za-z0-9]{1,32}")) {
                    ctx.add(Finding.error("mta-sts", "mta-sts-txt-invalid", "The MTA-STS record at _mta-sts." + domain + " lacks a valid id= (1 to 32 letters or digits), so senders ignore it.",
                            "_mta-sts." + domain + ". TXT \"v=STSv1; id=20260101T000000\""));
                    return;
                }
                policy(domain, mx);
            }
            default -> {
                if (fetcher.fetch(domain) instanceof PolicyFetcher.Result.Fetched) {
                    // RFC 8461 §3.1/§3.3: senders fetch the policy only when the TXT record announces it.
                    ctx.add(Finding.warn("mta-sts", "mta-sts-policy-without-txt", "A policy is served at https://mta-sts." + domain + "/.well-known/mta-sts.txt but no _mta-sts." + domain
                            + " TXT record announces it, so senders never fetch it.", "_mta-sts." + domain + ". TXT \"v=STSv1; id=20260101T000000\""));
                } else {
                    ctx.add(Finding.ok("mta-sts", "mta-sts-none", domain + " publishes no MTA-STS policy; senders use TLS opportunistically and a downgrade is not detected (optional, RFC 8461)."));
                }
            }
        }
    }

    private void policy(String domain, List<MxCheck.Host> mx) {
        String url = "https://mta-sts." + domain + "/.well-known/mta-sts.txt";
        switch (fetcher.fetch(domain)) {
            case PolicyFetcher.Result.Failed f -> ctx.add(switch (f.step()) {
                // RFC 8461 §3.3: the certificate must be valid for mta-sts.DOMAIN and chain to a trusted root.
                case CERTIFICATE -> Finding.error("mta-sts", "mta-sts-certificate-invalid", "The certificate of mta-sts." + domain + " is not valid for that name or not trusted ("
                        + Printable.of(f.reason(), 120) + "), so senders refuse the policy.", "Serve a certificate from a public CA whose subjectAltName includes mta-sts." + domain + ".");
                // RFC 8461 §3.3: only a 200 answer is a policy; redirects are not followed.
                case STATUS -> Finding.error("mta-sts", "mta-sts-policy-not-found", "The TXT record announces an MTA-STS policy but " + url + " answers " + Printable.of(f.reason(), 60)
                        + ", so senders have no policy.", "Serve the policy at " + url + " with status 200 (no redirect), or remove _mta-sts." + domain + ".");
                case CONNECT, PROTOCOL -> Finding.error("mta-sts", "mta-sts-policy-unreachable", "The MTA-STS record exists but the policy at " + url + " could not be fetched ("
                        + Printable.of(f.reason(), 120) + "), so senders cannot apply it.", "Serve the policy over HTTPS with a valid certificate for mta-sts." + domain + ", status 200, no redirect.");
            });
            case PolicyFetcher.Result.Fetched ok -> {
                String type = ok.contentType().toLowerCase(Locale.ROOT);
                // RFC 8461 §3.2: the policy is served with the media type text/plain.
                if (!type.equals("text/plain") && !type.startsWith("text/plain;")) {
                    ctx.add(Finding.error("mta-sts", "mta-sts-content-type", url + " is served as \"" + Printable.of(ok.contentType(), 60)
                            + "\" instead of text/plain (RFC 8461 §3.2); strict senders ignore the policy.", "Serve mta-sts.txt with Content-Type: text/plain."));
                }
                parsePolicy(domain, ok.body(), mx);
            }
        }
    }

    private void parsePolicy(String domain, String body, List<MxCheck.Host> mx) {
        String version = "";
        String mode = "";
        long maxAge = -1;
        List<String> patterns = new ArrayList<>();
        // RFC 8461 §3.2: "key: value" lines, CRLF or LF.
        for (String line : body.split("\r?\n", 200)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String k = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String v = line.substring(colon + 1).strip();
            switch (k) {
                case "version" -> version = v;
                case "mode" -> mode = v.toLowerCase(Locale.ROOT);
                case "max_age" -> maxAge = v.matches("[0-9]{1,10}") ? Long.parseLong(v) : -1;
                case "mx" -> patterns.add(v.toLowerCase(Locale.ROOT));
                default -> { }
            }
        }
        if (!version.equals("STSv1") || !List.of("enforce", "testing", "none").contains(mode) || maxAge < 0 || maxAge > 31_557_600) {
            ctx.add(Finding.error("mta-sts", "mta-sts-policy-invalid", "The MTA-STS policy of " + domain + " is invalid (version, mode or max_age missing or out of range), so senders ignore it.",
                    "Serve: version: STSv1\\nmode: enforce\\nmx: mail." + domain + "\\nmax_age: 604800"));
            return;
        }
        List<String> uncovered = mx.stream().map(MxCheck.Host::name).filter(h -> patterns.stream().noneMatch(p -> matches(p, h))).toList();
        if (!uncovered.isEmpty()) {
            ctx.add(mode.equals("enforce")
                    ? Finding.error("mta-sts", "mta-sts-mx-mismatch", "MX host(s) " + uncovered + " are not listed in the enforced MTA-STS policy, so compliant senders refuse to deliver to them.",
                            "Add mx: lines for them to the policy and change id= in _mta-sts." + domain + ".")
                    : Finding.warn("mta-sts", "mta-sts-mx-mismatch", "MX host(s) " + uncovered + " are not listed in the MTA-STS policy (mode " + mode + ").",
                            "Add mx: lines for them to the policy and change id= in _mta-sts." + domain + "."));
        } else {
            ctx.add(Finding.ok("mta-sts", "mta-sts-policy", "MTA-STS policy: mode " + mode + ", max_age " + maxAge + ", covering every MX host."));
        }
        if (mode.equals("testing") || mode.equals("none")) {
            ctx.add(Finding.warn("mta-sts", "mta-sts-not-enforced", "The MTA-STS policy is in mode " + mode + ", so a downgrade attack is only reported, not prevented.",
                    "Switch to mode: enforce once TLS reports show no failures."));
        }
    }

    /** RFC 8461 §4.1: a pattern matches the name exactly, or "*." matches exactly one leftmost label. */
    static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2));
        }
        return pattern.equals(host);
    }

    void tlsRpt(String domain) {
        DnsResult<String> r = ctx.txtStartingWith("_smtp._tls." + domain, "v=TLSRPTv1");
        switch (r) {
            case DnsResult.TempFailure<String> f -> ctx.temporary("tls-rpt", "the TLS-RPT record", f);
            case DnsResult.Records<String> rec -> {
                Optional<String> rua = tags(rec.values().getFirst()).flatMap(t -> t.get("rua"));
                // RFC 8460 §3: rua is one or more mailto: or https: URIs.
                if (rec.values().size() > 1 || rua.isEmpty() || !rua.get().matches("(?i)(mailto:|https:)[^\\s]+")) {
                    ctx.add(Finding.error("tls-rpt", "tls-rpt-invalid", "The TLS-RPT record at _smtp._tls." + domain + " is invalid (one record with rua=mailto: or https: is needed), so no TLS reports are sent.",
                            "_smtp._tls." + domain + ". TXT \"v=TLSRPTv1; rua=mailto:tls-reports@" + domain + "\""));
                } else {
                    ctx.add(Finding.ok("tls-rpt", "tls-rpt", "TLS reports (RFC 8460) go to " + Printable.of(rua.get(), 120) + "."));
                }
            }
            default -> ctx.add(Finding.warn("tls-rpt", "tls-rpt-none", domain + " asks for no TLS reports, so you will not hear when senders fail to reach it over TLS.",
                    "_smtp._tls." + domain + ". TXT \"v=TLSRPTv1; rua=mailto:tls-reports@" + domain + "\""));
        }
    }

    void bimi(String domain, Optional<String> dmarcPolicy) {
        DnsResult<String> r = ctx.txtStartingWith("default._bimi." + domain, "v=BIMI1");
        switch (r) {
            case DnsResult.TempFailure<String> f -> ctx.temporary("bimi", "the BIMI record", f);
            case DnsResult.Records<String> rec -> {
                Optional<String> l = tags(rec.values().getFirst()).flatMap(t -> t.get("l"));
                if (l.isPresent() && !l.get().isEmpty() && !l.get().toLowerCase(Locale.ROOT).startsWith("https://")) {
                    ctx.add(Finding.error("bimi", "bimi-invalid", "The BIMI logo location l= must be an https: URL.",
                            "default._bimi." + domain + ". TXT \"v=BIMI1; l=https://" + domain + "/logo.svg\""));
                } else if (dmarcPolicy.isEmpty() || dmarcPolicy.get().equals("none")) {
                    ctx.add(Finding.warn("bimi", "bimi-without-enforcement", "A BIMI record is published but the DMARC policy is not quarantine or reject, so no mailbox provider shows the logo.",
                            "Publish p=quarantine or p=reject at _dmarc." + domain + "."));
                } else {
                    ctx.add(Finding.ok("bimi", "bimi", "BIMI record found" + l.map(s -> ", logo " + Printable.of(s, 120)).orElse("") + "."));
                }
            }
            default -> ctx.add(Finding.ok("bimi", "bimi-none", "No BIMI record (optional: a brand logo shown by some mailbox providers)."));
        }
    }

    private static Optional<Tags> tags(String record) {
        try {
            return Optional.of(Tags.parse(record));
        } catch (Tags.SyntaxException e) {
            return Optional.empty();
        }
    }
}
