package dev.facteur.server.reports;

import dev.facteur.auth.AuthVerdict;
import dev.facteur.auth.dmarc.DmarcDiscovery;
import dev.facteur.auth.dmarc.DmarcRecord;
import dev.facteur.auth.dmarc.DmarcResult;
import dev.facteur.auth.dmarc.report.ExternalDestinations;
import dev.facteur.auth.dmarc.report.ReportMessages;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.spf.SpfResult;
import dev.facteur.core.config.ReportsConfig;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.smtp.server.auth.MailAuthPolicy;
import dev.facteur.store.Store;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DMARC failure reports (RFC 9991, in the ARF format of RFC 5965 and RFC 6591): for a message whose
 * evaluation the policy's fo= asks about, an auth-failure report with the message's header section
 * (never its body, RFC 9991 §5) goes to each authorised ruf= address. Rate-limited per policy domain
 * and overall, because a spoofing run would otherwise turn us into a report cannon (RFC 9991 §6).
 */
public final class FailureReporter implements MailAuthPolicy.FailureSink {
    private static final Logger LOG = LoggerFactory.getLogger(FailureReporter.class);
    /** Reports per policy domain per hour. */
    static final int PER_DOMAIN_PER_HOUR = 10;
    /** Reports per hour in all. */
    static final int TOTAL_PER_HOUR = 200;
    /** Header sections are cut here (a report carries headers only). */
    static final int MAX_HEADER_OCTETS = 64 * 1024;

    private final ReportMailer mailer;
    private final ExternalDestinations external;
    private final EmailAddress from;
    private final String reportingMta;
    private final InstantSource clock;
    private final Executor executor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Deque<Instant>> sentPerDomain = new HashMap<>();
    private final Deque<Instant> sentTotal = new ArrayDeque<>();

    FailureReporter(Store store, DnsResolver dns, EmailAddress from, String reportingMta, InstantSource clock, Executor executor) {
        this.mailer = new ReportMailer(store, clock);
        this.external = new ExternalDestinations(dns);
        this.from = from;
        this.reportingMta = reportingMta;
        this.clock = clock;
        this.executor = executor;
    }

    /** The reporter the configuration asks for: only with reports and failure reports enabled. */
    public static Optional<MailAuthPolicy.FailureSink> forConfig(ReportsConfig config, Store store, DnsResolver dns,
                                                                 String hostname, InstantSource clock) {
        if (!config.enabled() || !config.failureReports() || config.from().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FailureReporter(store, dns, config.from().get(), hostname, clock,
                Executors.newVirtualThreadPerTaskExecutor()));
    }

    @Override
    public void evaluated(AuthVerdict verdict, InetAddress source, byte[] message) {
        Optional<DmarcDiscovery.Found> found = switch (verdict.dmarc()) {
            case DmarcResult.Pass p -> Optional.of(p.policy());
            case DmarcResult.Fail f -> Optional.of(f.policy());
            case DmarcResult.None n -> Optional.empty();
            case DmarcResult.TempError t -> Optional.empty();
            case DmarcResult.PermError p -> Optional.empty();
        };
        if (found.isEmpty()) {
            return;
        }
        DmarcRecord record = found.get().record();
        boolean spfPassed = verdict.spf().result() instanceof SpfResult.Pass;
        // RFC 9991 §3 with fo= (RFC 7489 §6.3): only the failures the domain asked about.
        if (!ReportMessages.failureReportDue(record, verdict.dmarc(), verdict.dkim(), spfPassed)
                || !takePermit(found.get().domain())) {
            return;
        }
        String headers = headerSection(message);
        executor.execute(() -> send(found.get().domain(), record, verdict, source, headers));
    }

    private void send(String domain, DmarcRecord record, AuthVerdict verdict, InetAddress source, String headers) {
        try {
            for (String uri : record.failureUris().subList(0, Math.min(2, record.failureUris().size()))) {
                if (!(external.check(domain, uri) instanceof ExternalDestinations.Authorisation.Authorised)) {
                    LOG.atInfo().addKeyValue("domain", domain).addKeyValue("ruf", uri).log("failure report destination not authorised");
                    continue;
                }
                String to = DmarcRecord.address(uri);
                mailer.send(from, to, ReportMessages.failure(from.toString(), to, reportingMta, source.getHostAddress(),
                        headers, verdict.authenticationResultsHeader().strip(), verdict.dmarc().fromDomain(), clock.instant()));
            }
        } catch (RuntimeException e) {
            LOG.atWarn().setCause(e).addKeyValue("domain", domain).log("failure report not sent");
        }
    }

    /** A sliding hour: true (and counted) when both the domain's and the overall budget allow one more. */
    private boolean takePermit(String domain) {
        Instant now = clock.instant();
        Instant hourAgo = now.minus(Duration.ofHours(1));
        lock.lock();
        try {
            Deque<Instant> mine = sentPerDomain.computeIfAbsent(domain, d -> new ArrayDeque<>());
            while (!mine.isEmpty() && !mine.peekFirst().isAfter(hourAgo)) {
                mine.pollFirst();
            }
            while (!sentTotal.isEmpty() && !sentTotal.peekFirst().isAfter(hourAgo)) {
                sentTotal.pollFirst();
            }
            if (mine.size() >= PER_DOMAIN_PER_HOUR || sentTotal.size() >= TOTAL_PER_HOUR) {
                return false;
            }
            mine.addLast(now);
            sentTotal.addLast(now);
            sentPerDomain.values().removeIf(Deque::isEmpty);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** RFC 5322 §2.1: the header section ends at the first empty line; cut to a bound, kept 7-bit. */
    static String headerSection(byte[] message) {
        int end = Math.min(message.length, MAX_HEADER_OCTETS);
        for (int i = 0; i + 3 < message.length && i < MAX_HEADER_OCTETS; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                end = i + 2;
                break;
            }
        }
        String text = new String(message, 0, end, StandardCharsets.US_ASCII);
        return text.replaceAll("[^\\x09\\x0a\\x0d\\x20-\\x7e]", "?");
    }
}
