package dev.facteur.server.reports;

import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.core.config.ReportsConfig;
import dev.facteur.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reporting on the injected clock: once per UTC day, the DMARC aggregate (RFC 9990) and
 * TLS-RPT (RFC 8460 §4.1: reports cover a UTC day) reports for the previous day and the pruning of
 * old rows; at every tick, the ingestion of received reports. The last day covered is kept in the
 * store's settings, so a restart neither repeats nor skips a day. {@link #runDue} does the work;
 * {@link #start} only calls it periodically (tests call it directly).
 */
public final class ReportScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportScheduler.class);
    static final String LAST_DAY_KEY = "reports.daily.last-day";

    /** What one run did. */
    public record Run(Optional<Instant> reportedDay, List<DmarcReportSender.Delivery> dmarc,
                      List<TlsReportSender.Delivery> tls, int pruned, Optional<ReportInbox.Pass> ingested) {
    }

    private final Store store;
    private final ReportsConfig config;
    private final InstantSource clock;
    private final Optional<DmarcReportSender> dmarc;
    private final Optional<TlsReportSender> tls;
    private final Optional<ReportInbox> inbox;
    private ScheduledExecutorService timer;

    public ReportScheduler(Store store, DnsResolver dns, ReportsConfig config, InstantSource clock) {
        this(store, dns, config, TlsReportSender.HttpsPoster.standard(), clock);
    }

    ReportScheduler(Store store, DnsResolver dns, ReportsConfig config, TlsReportSender.HttpsPoster poster,
                    InstantSource clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        ReportMailer mailer = new ReportMailer(store, clock);
        this.dmarc = config.from().filter(f -> config.enabled())
                .map(f -> new DmarcReportSender(store.reports(), dns, mailer, f, config.orgName(), clock));
        this.tls = config.from().filter(f -> config.enabled())
                .map(f -> new TlsReportSender(store.reports(), dns, mailer, poster, f, config.orgName(), clock));
        this.inbox = config.ingestAddress().map(a -> new ReportInbox(store, a, clock));
    }

    /** Does what is due now: the previous day's reports if not yet sent, then ingestion. Never throws. */
    public synchronized Run runDue() {
        Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
        Instant yesterday = today.minus(Duration.ofDays(1));
        Optional<Instant> reported = Optional.empty();
        List<DmarcReportSender.Delivery> dmarcSent = List.of();
        List<TlsReportSender.Delivery> tlsSent = List.of();
        int pruned = 0;
        try {
            Optional<Instant> last = store.settings().get(LAST_DAY_KEY).map(Instant::parse);
            if (last.isEmpty() || last.get().isBefore(yesterday)) {
                // Marked first: a crash mid-run loses at most one day's reports rather than sending them twice.
                store.settings().put(LAST_DAY_KEY, yesterday.toString());
                reported = Optional.of(yesterday);
                dmarcSent = dmarc.map(d -> d.send(yesterday, today)).orElse(List.of());
                tlsSent = tls.map(t -> t.send(yesterday, today)).orElse(List.of());
                pruned = store.reports().prune(clock.instant().minus(config.retention()));
            }
        } catch (RuntimeException e) {
            LOG.atError().setCause(e).log("daily reports failed; the next day's run goes on");
        }
        Optional<ReportInbox.Pass> ingested = Optional.empty();
        try {
            ingested = inbox.map(ReportInbox::ingestNew);
        } catch (RuntimeException e) {
            LOG.atError().setCause(e).log("report ingestion failed; will retry at the next tick");
        }
        return new Run(reported, dmarcSent, tlsSent, pruned, ingested);
    }

    /** Calls {@link #runDue} every {@code period} on a virtual thread. */
    public synchronized void start(Duration period) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("reports").factory());
        timer.scheduleWithFixedDelay(this::runDue, 1, period.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
