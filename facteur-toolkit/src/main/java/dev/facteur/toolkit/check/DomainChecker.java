package dev.facteur.toolkit.check;

import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.core.mail.Domain;
import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Printable;
import dev.facteur.toolkit.report.Report;
import java.net.InetAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.X509TrustManager;

/**
 * {@code facteur check domain}: MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT, DANE, BIMI, reverse DNS,
 * optional DNSBL listings and a live SMTP probe of each MX host, as one {@link Report}.
 */
public final class DomainChecker {

    private final DnsResolver dns;
    private final InstantSource clock;
    private final PolicyFetcher fetcher;
    private final X509TrustManager mxTrust;

    /** Judges MX certificates with the system's trust store. */
    public DomainChecker(DnsResolver dns, InstantSource clock, PolicyFetcher fetcher) {
        this(dns, clock, fetcher, CertificateCheck.systemTrust());
    }

    /** @param mxTrust the roots that judge the MX hosts' certificates (tests give their own, as for {@link HttpsPolicyFetcher}) */
    public DomainChecker(DnsResolver dns, InstantSource clock, PolicyFetcher fetcher, X509TrustManager mxTrust) {
        this.dns = dns;
        this.clock = clock;
        this.fetcher = fetcher;
        this.mxTrust = mxTrust;
    }

    public Report check(String input, DomainCheckOptions options) {
        List<Finding> findings = new ArrayList<>();
        Domain domain;
        try {
            domain = Domain.of(input.strip());
        } catch (IllegalArgumentException e) {
            findings.add(Finding.error("input", "invalid-domain", "\"" + Printable.of(input, 80) + "\" is not a valid domain name: " + Printable.of(String.valueOf(e.getMessage()), 120) + ".",
                    "Give a domain such as example.com (letters, digits and hyphens; Unicode names are accepted)."));
            return new Report("domain", Printable.of(input.isBlank() ? "(empty)" : input, 80), clock.instant(), findings);
        }
        String name = domain.name();
        CheckContext ctx = new CheckContext(dns, clock, findings::add);
        List<MxCheck.Host> hosts = new MxCheck(ctx).run(name);
        if (findings.stream().anyMatch(f -> f.code().equals("domain-not-found"))) {
            // Nothing else can be published under a name that does not exist.
            return new Report("domain", name, clock.instant(), findings);
        }
        new SpfCheck(ctx).run(name);
        new DkimCheck(ctx).run(name, options.selectors());
        Optional<DmarcCheck.Found> dmarc = new DmarcCheck(ctx).run(name);
        TransportPolicyCheck transport = new TransportPolicyCheck(ctx, fetcher);
        transport.mtaSts(name, hosts);
        transport.tlsRpt(name);
        transport.bimi(name, dmarc.flatMap(f -> policyOf(f, name)));
        HostCheck hostCheck = new HostCheck(ctx);
        SmtpProbe probe = new SmtpProbe(options.smtpPort(), options.timeout(), options.heloName(), clock, mxTrust);
        for (MxCheck.Host h : hosts) {
            hostCheck.dane(h);
            for (InetAddress a : h.addresses()) {
                hostCheck.reverse(h, a);
                hostCheck.dnsbl(h, a, options.dnsbls());
                if (options.probeSmtp()) {
                    probe.probe(h.name(), a, findings::add);
                }
            }
        }
        return new Report("domain", name, clock.instant(), findings);
    }

    private static Optional<String> policyOf(DmarcCheck.Found f, String domain) {
        try {
            Tags t = Tags.parse(f.record());
            Optional<String> p = t.get("p");
            return (f.at().equals(domain) ? p : t.get("sp").or(() -> p)).map(s -> s.toLowerCase(Locale.ROOT));
        } catch (Tags.SyntaxException e) {
            return Optional.empty();
        }
    }
}
