package dev.facteur.toolkit.analyze;

import com.google.common.net.InternetDomainName;
import dev.facteur.auth.dkim.DkimResult;
import dev.facteur.auth.arc.ArcResult;
import dev.facteur.auth.arc.ArcVerifier;
import dev.facteur.auth.dkim.DkimVerifier;
import dev.facteur.auth.dmarc.DmarcResult;
import dev.facteur.auth.dmarc.DmarcVerifier;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.message.HeaderField;
import dev.facteur.auth.message.MailMessage;
import dev.facteur.auth.spf.SpfResult;
import dev.facteur.auth.spf.SpfVerifier;
import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Printable;
import dev.facteur.toolkit.report.Report;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code facteur analyze message}: the hop-by-hop path from the Received headers, SPF and DKIM
 * re-verified now (dev.facteur.auth) beside the Authentication-Results recorded in transit, the
 * alignment of the From domain with them, and what receiving filters object to, each with the fix.
 */
public final class MessageAnalyzer {

    /** Messages above this are analysed on their first part only (headers are always within it). */
    public static final int MAX_BYTES = 25 * 1024 * 1024;
    private static final int MAX_HOPS = 100;

    private final DnsResolver dns;
    private final InstantSource clock;

    public MessageAnalyzer(DnsResolver dns, InstantSource clock) {
        this.dns = dns;
        this.clock = clock;
    }

    /** Reads at most {@link #MAX_BYTES} + 1 octets and analyses them. */
    public MessageAnalysis analyze(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        return analyze(bytes);
    }

    public MessageAnalysis analyze(byte[] input) {
        List<Finding> findings = new ArrayList<>();
        byte[] raw = input;
        if (raw.length > MAX_BYTES) {
            raw = java.util.Arrays.copyOf(raw, MAX_BYTES);
            findings.add(Finding.warn("input", "truncated", "The message is larger than " + MAX_BYTES / (1024 * 1024) + " MiB; only its first part was analysed, so DKIM body hashes cannot match.",
                    "Analyse the headers only, or a smaller message."));
        }
        MailMessage m = MailMessage.parse(raw);
        if (m.headers().isEmpty()) {
            findings.add(Finding.error("input", "no-headers", "No header fields were found: this is not an RFC 5322 message.",
                    "Give the whole message source (\"Show original\" / \"View source\" in the mail client), headers included."));
            return new MessageAnalysis(List.of(), List.of(), List.of(), List.of(), new Report("message", "(input)", clock.instant(), findings));
        }
        List<Hop> hops = hops(m, findings);
        List<String> ips = hops.stream().map(Hop::ip).filter(s -> !s.isEmpty()).distinct().toList();
        List<AuthResult> recorded = new ArrayList<>();
        for (HeaderField h : m.headers("Authentication-Results")) {
            recorded.addAll(AuthResultsParser.parse(h.value()));
        }
        for (HeaderField h : m.headers("ARC-Authentication-Results")) {
            recorded.addAll(AuthResultsParser.parse(h.value().replaceFirst("(?i)^\\s*i\\s*=\\s*\\d+\\s*;", "")));
        }
        HeaderChecks.run(m, clock.instant(), findings::add);
        List<AuthResult> now = new ArrayList<>();
        Optional<SpfOutcome> spf = spf(m, hops, now, findings);
        List<DkimResult> dkim = dkim(m, now, findings);
        dmarc(m, spf, dkim, now, findings);
        arc(m, now, findings);
        compare(recorded, now, findings);
        String subject = m.first("Message-ID").map(HeaderField::value).orElse("(no Message-ID)");
        return new MessageAnalysis(hops, ips, recorded, now, new Report("message", Printable.of(subject, 200), clock.instant(), findings));
    }

    private List<Hop> hops(MailMessage m, List<Finding> findings) {
        List<HeaderField> received = m.headers("Received");
        List<Hop> hops = new ArrayList<>();
        Optional<Instant> previous = Optional.empty();
        int n = 0;
        // RFC 5321 §4.4: each relay prepends its Received header, so the bottom one is the first hop.
        for (int i = received.size() - 1; i >= 0 && n < MAX_HOPS; i--) {
            ReceivedParser.Parsed p = ReceivedParser.parse(received.get(i).value());
            n++;
            long delay = 0;
            boolean known = previous.isPresent() && p.time().isPresent();
            if (known) {
                delay = Duration.between(previous.get(), p.time().get()).toSeconds();
                if (delay > 3600) {
                    findings.add(Finding.warn("path", "slow-hop", "Hop " + n + " (" + Printable.of(p.by(), 80) + ") took " + delay / 60 + " minutes; the message waited in a queue there (greylisting, a retry or an overloaded server).",
                            "Check the logs of " + Printable.of(p.by(), 80) + " around " + p.time().get() + "."));
                } else if (delay < -300) {
                    findings.add(Finding.warn("path", "clock-skew", "Hop " + n + " (" + Printable.of(p.by(), 80) + ") is stamped " + (-delay) + " s before the hop before it: one of the servers has a wrong clock.",
                            "Run NTP on the servers of this path."));
                }
            }
            hops.add(new Hop(n, Printable.of(p.from(), 200), Printable.of(p.by(), 200), p.ip(), Printable.of(p.protocol(), 40),
                    p.time().map(Instant::toString).orElse(""), delay, known));
            if (p.time().isPresent()) {
                previous = p.time();
            }
        }
        return hops;
    }

    /** SPF for the client of the last hop (the connection into the final receiver), re-checked now. */
    /** The SPF result re-checked now and the domain it was checked for. */
    private record SpfOutcome(SpfResult result, String domain) {
    }

    private Optional<SpfOutcome> spf(MailMessage m, List<Hop> hops, List<AuthResult> now, List<Finding> findings) {
        Optional<Hop> last = hops.reversed().stream().filter(h -> !h.ip().isEmpty()).findFirst();
        String mailFrom = m.first("Return-Path").map(HeaderField::value).orElse("").replaceAll("[<>\\s]", "");
        if (last.isEmpty()) {
            findings.add(Finding.warn("spf", "spf-not-checkable", "No Received header names a sending IP address, so SPF could not be re-checked.",
                    "Give the message as the final receiver stored it, with all Received headers."));
            return Optional.empty();
        }
        InetAddress ip;
        try {
            ip = InetAddress.ofLiteral(last.get().ip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String helo = last.get().from().isEmpty() ? "unknown" : last.get().from();
        SpfResult r = new SpfVerifier(dns, "analyzer.facteur.invalid", clock).checkMailFrom(ip, mailFrom, helo);
        String domain = mailFrom.contains("@") ? mailFrom.substring(mailFrom.lastIndexOf('@') + 1) : helo;
        now.add(new AuthResult("now", "spf", r.keyword(), "smtp.mailfrom=" + Printable.of(domain, 100) + " client-ip=" + ip.getHostAddress() + " " + Printable.of(r.detail(), 100)));
        switch (r) {
            case SpfResult.Pass p -> findings.add(Finding.ok("spf", "spf-pass", ip.getHostAddress() + " may send for " + domain + " (SPF pass, re-checked now)."));
            case SpfResult.Fail f -> findings.add(Finding.error("spf", "spf-fail", ip.getHostAddress() + " is not allowed to send for " + domain + " (SPF fail, re-checked now).",
                    "Add the sending server to the SPF record of " + domain + " (e.g. ip4:" + ip.getHostAddress() + ")."));
            case SpfResult.SoftFail s -> findings.add(Finding.warn("spf", "spf-softfail", ip.getHostAddress() + " is probably not allowed to send for " + domain + " (SPF softfail).",
                    "Add the sending server to the SPF record of " + domain + "."));
            case SpfResult.TempError t -> findings.add(Finding.warn("spf", "dns-temporary", "SPF for " + domain + " could not be checked now: a DNS lookup failed temporarily.", "Run the analysis again."));
            case SpfResult.PermError p -> findings.add(Finding.error("spf", "spf-permerror", "The SPF record of " + domain + " is broken (" + Printable.of(p.cause(), 100) + ").",
                    "Run facteur check domain " + domain + " and fix the SPF findings."));
            case SpfResult.None n -> findings.add(Finding.warn("spf", "spf-none", domain + " publishes no SPF record.", domain + ". TXT \"v=spf1 mx -all\""));
            case SpfResult.Neutral n -> findings.add(Finding.warn("spf", "spf-neutral", "The SPF record of " + domain + " says nothing about " + ip.getHostAddress() + " (neutral).",
                    "List the sending server in the SPF record and end it with -all or ~all."));
        }
        return Optional.of(new SpfOutcome(r, domain));
    }

    private List<DkimResult> dkim(MailMessage m, List<AuthResult> now, List<Finding> findings) {
        List<DkimResult> all = new ArrayList<>();
        if (m.headers("DKIM-Signature").isEmpty()) {
            findings.add(Finding.warn("dkim", "dkim-none", "The message carries no DKIM signature, so its From domain can only align through SPF, which forwarding breaks.",
                    "Sign outgoing mail with DKIM (facteur admin dkim) and publish the key."));
            return all;
        }
        for (DkimResult r : new DkimVerifier(dns, clock).verify(m)) {
            all.add(r);
            String d = r.info().domain();
            now.add(new AuthResult("now", "dkim", r.keyword(), "header.d=" + Printable.of(d, 100) + " header.s=" + Printable.of(r.info().selector(), 60)
                    + (r.cause().isEmpty() ? "" : " (" + Printable.of(r.cause(), 120) + ")")));
            switch (r) {
                case DkimResult.Pass p -> {
                    findings.add(Finding.ok("dkim", "dkim-pass", "The DKIM signature of " + d + " verifies now."));
                }
                case DkimResult.TempError t -> findings.add(Finding.warn("dkim", "dns-temporary", "The DKIM key of " + d + " could not be fetched now (temporary DNS failure).", "Run the analysis again."));
                default -> findings.add(Finding.error("dkim", "dkim-" + r.keyword(), "The DKIM signature of " + d + " does not verify now: " + Printable.of(r.cause(), 150) + ".",
                        "If the message was changed in transit (a mailing list footer), that is expected; otherwise check the key published at " + r.info().selector() + "._domainkey." + d + "."));
            }
        }
        return all;
    }

    /** DMARC (RFC 9989) re-evaluated now by dev.facteur.auth.dmarc; the From domain's alignment is the filter's concern. */
    private void dmarc(MailMessage m, Optional<SpfOutcome> spf, List<DkimResult> dkim, List<AuthResult> now, List<Finding> findings) {
        SpfResult spfResult = spf.map(SpfOutcome::result).orElse(new SpfResult.None("not checkable"));
        String spfDomain = spf.map(SpfOutcome::domain).orElse("");
        DmarcResult r = new DmarcVerifier(dns).evaluate(m, spfResult, spfDomain, dkim);
        now.add(new AuthResult("now", "dmarc", r.keyword(), "header.from=" + Printable.of(r.fromDomain(), 100)));
        switch (r) {
            case DmarcResult.Pass p -> findings.add(Finding.ok("alignment", "from-aligned", "The From domain " + p.fromDomain() + " aligns with "
                    + (p.dkimAligned() ? "a passing DKIM signature" : "the SPF-passing MAIL FROM domain") + ": DMARC passes (policy at _dmarc." + p.policy().domain() + ")."));
            case DmarcResult.Fail f -> findings.add(Finding.error("alignment", "from-not-aligned", "The From domain " + f.fromDomain()
                    + " matches neither a passing DKIM signature's d= nor an SPF-passing MAIL FROM domain, so DMARC fails (" + Printable.of(f.cause(), 100) + ") and the policy says " + f.applied() + ".",
                    "Sign with d=" + f.fromDomain() + " (or a domain of its organisation), or send with a MAIL FROM in it that SPF allows."));
            case DmarcResult.None n -> {
                findings.add(Finding.warn("dmarc", "dmarc-none", "No DMARC policy applies to the From domain " + Printable.of(n.fromDomain(), 100) + ", so receivers judge forged mail on their own.",
                        "_dmarc." + n.fromDomain() + ". TXT \"v=DMARC1; p=none; rua=mailto:dmarc-reports@" + n.fromDomain() + "\""));
                alignment(m, spf.filter(o -> o.result() instanceof SpfResult.Pass).map(SpfOutcome::domain),
                        dkim.stream().filter(d -> d instanceof DkimResult.Pass).map(d -> d.info().domain().toLowerCase(Locale.ROOT)).toList(), findings);
            }
            case DmarcResult.TempError t -> findings.add(Finding.warn("dmarc", "dns-temporary", "DMARC could not be evaluated now: " + Printable.of(t.cause(), 100) + ".", "Run the analysis again."));
            case DmarcResult.PermError p -> findings.add(Finding.error("alignment", "from-invalid", "The From header cannot be evaluated: " + Printable.of(p.cause(), 100) + ".",
                    "Send exactly one From header with one address."));
        }
    }

    /** ARC (RFC 8617) chain validation now by dev.facteur.auth.arc. */
    private void arc(MailMessage m, List<AuthResult> now, List<Finding> findings) {
        ArcResult r = new ArcVerifier(dns).verify(m);
        if (r instanceof ArcResult.None) {
            return;
        }
        now.add(new AuthResult("now", "arc", r.keyword(), r instanceof ArcResult.Pass p ? "i=" + p.instances() + " sealer " + Printable.of(p.sealerDomain(), 80)
                : "(" + Printable.of(((ArcResult.Fail) r).cause(), 120) + ")"));
        switch (r) {
            case ArcResult.Pass p -> findings.add(Finding.ok("arc", "arc-pass", "The ARC chain of " + p.instances() + " set(s) validates (last sealer " + Printable.of(p.sealerDomain(), 80) + ")."));
            case ArcResult.Fail f -> findings.add(Finding.warn("arc", "arc-fail", "The ARC chain is broken (" + Printable.of(f.cause(), 120) + "), so receivers cannot trust the results recorded by forwarders.",
                    "Check that forwarders seal after every change and that their keys are published."));
            case ArcResult.None n -> { }
        }
    }

    /** RFC 9989 identifier alignment, relaxed: same organisational domain as the From domain. */
    private void alignment(MailMessage m, Optional<String> spfDomain, List<String> dkimPass, List<Finding> findings) {
        Optional<String> fromDomain = m.first("From").flatMap(f -> domainOf(f.value()));
        if (fromDomain.isEmpty()) {
            return;
        }
        String org = org(fromDomain.get());
        boolean dkimAligned = dkimPass.stream().anyMatch(d -> org(d).equals(org));
        boolean spfAligned = spfDomain.map(d -> org(d).equals(org)).orElse(false);
        if (dkimAligned || spfAligned) {
            findings.add(Finding.ok("alignment", "from-aligned", "The From domain " + fromDomain.get() + " aligns with " + (dkimAligned ? "a passing DKIM signature" : "the SPF-passing MAIL FROM domain") + "."));
        } else {
            findings.add(Finding.error("alignment", "from-not-aligned", "The From domain " + fromDomain.get() + " matches neither a passing DKIM signature's d= nor an SPF-passing MAIL FROM domain, so DMARC fails.",
                    "Sign with d=" + fromDomain.get() + " (or a parent within its organisation), or send with a MAIL FROM in " + fromDomain.get() + " that SPF allows."));
        }
    }

    private static void compare(List<AuthResult> recorded, List<AuthResult> now, List<Finding> findings) {
        for (AuthResult n : now) {
            for (AuthResult r : recorded) {
                if (r.method().equals(n.method()) && r.result().equals("pass") && !n.result().equals("pass")) {
                    findings.add(Finding.warn("auth", "result-changed", n.method().toUpperCase(Locale.ROOT) + " passed at " + r.authservId() + " in transit but gives " + n.result() + " now: the DNS records changed since (a rotated key or a new SPF record) or the message was altered.",
                            "Compare the published records with those in force when the message was sent."));
                    return;
                }
            }
        }
    }

    static Optional<String> domainOf(String from) {
        String v = from.length() > 2000 ? from.substring(0, 2000) : from;
        int lt = v.lastIndexOf('<');
        int gt = v.lastIndexOf('>');
        String addr = lt >= 0 && gt > lt ? v.substring(lt + 1, gt) : v.strip();
        int at = addr.lastIndexOf('@');
        if (at < 0) {
            return Optional.empty();
        }
        String d = addr.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        return d.isEmpty() ? Optional.empty() : Optional.of(d);
    }

    private static String org(String domain) {
        try {
            InternetDomainName d = InternetDomainName.from(domain);
            return d.isUnderPublicSuffix() ? d.topPrivateDomain().toString() : domain;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return domain;
        }
    }

}
