package dev.facteur.toolkit.verify;

import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.core.mail.EmailAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;

/**
 * Verifies addresses: syntax, the domain's mail route in the DNS, the shipped lists, and an SMTP
 * callout to each mail host in preference order (RFC 5321 §5.1) with catch-all detection and a
 * bounded greylisting retry. Addresses of one domain share one DNS lookup and one SMTP session
 * (several RCPTs per transaction); connections per host address are limited.
 */
public final class AddressVerifier {

    private final MailRouteResolver routes;
    private final VerifierConfig config;
    private final AddressLists lists;
    private final Pause pause;
    private final RandomGenerator random;
    private final Map<InetAddress, Semaphore> hostPermits = new ConcurrentHashMap<>();

    public AddressVerifier(DnsResolver dns, VerifierConfig config, AddressLists lists, Pause pause, RandomGenerator random) {
        this.routes = new MailRouteResolver(dns);
        this.config = config;
        this.lists = lists;
        this.pause = pause;
        this.random = random;
    }

    public VerificationResult verify(String input) {
        return verifyAll(List.of(input), (i, r) -> { }).getFirst();
    }

    /** Receives each result as soon as it is known, with its index in the input list; called from any thread. */
    @FunctionalInterface
    public interface ResultSink {
        void accept(int index, VerificationResult result);
    }

    /**
     * Verifies every input and returns one result per input, in input order; {@code progress} is
     * called once per finished address, from any thread.
     */
    public List<VerificationResult> verifyAll(List<String> inputs, ResultSink progress) {
        VerificationResult[] results = new VerificationResult[inputs.size()];
        Map<String, List<Target>> byDomain = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            String input = inputs.get(i);
            try {
                EmailAddress a = EmailAddress.parse(input.strip());
                byDomain.computeIfAbsent(a.domain().name(), d -> new ArrayList<>()).add(new Target(i, input, a));
            } catch (IllegalArgumentException e) {
                // RFC 5321 §4.1.2 / RFC 6531 §3.3: not a mailbox; the message says what is wrong.
                results[i] = new VerificationResult(input, "", Verdict.UNDELIVERABLE, Reason.INVALID_SYNTAX, false,
                        false, false, false, List.of(new Evidence.Note("syntax: " + dev.facteur.toolkit.report.Printable.of(e.getMessage(), 200))));
                progress.accept(i, results[i]);
            }
        }
        Semaphore domains = new Semaphore(config.parallelDomains());
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Map.Entry<String, List<Target>> e : byDomain.entrySet()) {
                ex.submit(() -> {
                    domains.acquireUninterruptibly();
                    try {
                        List<Target> ts = e.getValue();
                        List<VerificationResult> rs;
                        try {
                            rs = verifyDomain(e.getKey(), ts);
                        } catch (RuntimeException fault) {
                            // A fault of ours must not lose the other domains' results: these become unknown.
                            ts.forEach(t -> t.evidence.add(new Evidence.Note("internal error while verifying this domain")));
                            rs = ts.stream().map(this::result).toList();
                        }
                        for (int k = 0; k < ts.size(); k++) {
                            progress.accept(ts.get(k).index, rs.get(k));
                        }
                    } finally {
                        domains.release();
                    }
                });
            }
        }
        for (List<Target> ts : byDomain.values()) {
            for (Target t : ts) {
                results[t.index] = result(t);
            }
        }
        return List.of(results);
    }

    private List<VerificationResult> verifyDomain(String domain, List<Target> targets) {
        List<Evidence> dnsEvidence = new ArrayList<>();
        MailRoute route = routes.route(domain, dnsEvidence::add);
        for (Target t : targets) {
            t.evidence.addAll(dnsEvidence);
        }
        switch (route) {
            case MailRoute.NoDomain n -> decideAll(targets, Reason.DOMAIN_NOT_FOUND);
            case MailRoute.NullMx n -> decideAll(targets, Reason.NULL_MX);
            case MailRoute.NoMailHost n -> decideAll(targets, Reason.NO_MAIL_HOST);
            case MailRoute.DnsFailure f -> {
                for (Target t : targets) {
                    t.evidence.add(new Evidence.Note(f.detail()));
                    t.decide(Reason.DNS_TEMPORARY_FAILURE);
                }
            }
            case MailRoute.Hosts h -> callout(h.hosts(), targets);
        }
        return targets.stream().map(this::result).toList();
    }

    private static void decideAll(List<Target> targets, Reason r) {
        targets.forEach(t -> t.decide(r));
    }

    private void callout(List<MailHost> hosts, List<Target> targets) {
        for (int attempt = 0; attempt <= config.greylistRetries(); attempt++) {
            targets.forEach(Target::clearTemporary);
            for (MailHost host : hosts) {
                for (InetAddress address : host.addresses()) {
                    List<Target> pending = targets.stream().filter(t -> !t.decided() && !t.isTemporary()).toList();
                    if (pending.isEmpty()) {
                        break;
                    }
                    Semaphore permit = hostPermits.computeIfAbsent(address, a -> new Semaphore(config.maxConnectionsPerHost()));
                    permit.acquireUninterruptibly();
                    try {
                        new CalloutSession(config, host, address, this::randomLocalPart).run(pending);
                    } finally {
                        permit.release();
                    }
                }
            }
            List<Target> temporary = targets.stream().filter(Target::isTemporary).toList();
            if (temporary.isEmpty() || attempt == config.greylistRetries()) {
                return;
            }
            // Greylisting (RFC 6647 §2.1): come back after the delay the server asked for, bounded.
            Duration delay = temporary.stream().map(Target::retryDelay).max(Duration::compareTo).orElse(Duration.ZERO);
            delay = delay.compareTo(config.greylistMaxDelay()) > 0 ? config.greylistMaxDelay() : delay;
            for (Target t : temporary) {
                t.evidence.add(new Evidence.Note("temporary failure; retrying after " + delay.toSeconds() + " s"));
            }
            try {
                pause.pause(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String randomLocalPart() {
        StringBuilder b = new StringBuilder("x");
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 15; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private VerificationResult result(Target t) {
        String domain = t.address.domain().name();
        boolean disposable = lists.disposable(domain);
        boolean role = lists.role(t.address);
        boolean free = lists.freeProvider(domain);
        Reason reason = t.decided() ? t.decision() : t.failure();
        if (reason == Reason.MAILBOX_EXISTS && disposable) {
            reason = Reason.DISPOSABLE;
        } else if (reason == Reason.MAILBOX_EXISTS && role) {
            reason = Reason.ROLE_ACCOUNT;
        } else if (reason.verdict() == Verdict.UNKNOWN && disposable) {
            // A throw-away domain is risky whatever its server says, even when it says nothing.
            reason = Reason.DISPOSABLE;
        }
        List<Evidence> evidence = new ArrayList<>(t.evidence);
        if (disposable) {
            evidence.add(new Evidence.Note(domain + " is on the disposable-domain list"));
        }
        if (role) {
            evidence.add(new Evidence.Note("the local part names a role, not a person (RFC 2142)"));
        }
        return new VerificationResult(t.input, t.address.toString(), reason.verdict(), reason, disposable, role, free,
                t.catchAll, evidence);
    }
}
