package dev.facteur.server.reports;

import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.core.config.ReportsConfig;
import dev.facteur.store.Leases;
import dev.facteur.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reporting on the injected clock: once per UTC day, the DMARC aggregate (RFC 9990) and
 * TLS-RPT (RFC 8460 §4.1: reports cover a UTC day) reports for the previous day and the pruning of
 * old rows; at every tick, the ingestion of received reports. The last day covered is kept in the
 * store's settings, so a restart neither repeats nor skips a day, and it is claimed under a store
 * lease, so that of several nodes sharing the store exactly one sends a day's reports. {@link #runDue} does the work;
 * {@link #start} only calls it periodically (tests call it directly).
 */
public final class ReportScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportScheduler.class);
    static final String LAST_DAY_KEY = "reports.daily.last-day";
    /** The store-wide lease under which a node claims a day; held only while checking and marking it. */
    static final String DAILY_LEASE = "reports.daily";
    static final Duration DAILY_LEASE_TTL = Duration.ofMinutes(10);

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
    /** This scheduler's name as a lease owner: unique per process, so two nodes never share it. */
    private final String owner = "reports-" + UUID.randomUUID();
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
        Run daily = new Run(Optional.empty(), List.of(), List.of(), 0, Optional.empty());
        try {
            daily = dailyIfDue(clock.instant().truncatedTo(ChronoUnit.DAYS));
        } catch (RuntimeException e) {
            LOG.atError().setCause(e).log("daily reports failed; the next day's run goes on");
        }
        Optional<ReportInbox.Pass> ingested = Optional.empty();
        try {
            ingested = inbox.map(ReportInbox::ingestNew);
        } catch (RuntimeException e) {
            LOG.atError().setCause(e).log("report ingestion failed; will retry at the next tick");
        }
        return new Run(daily.reportedDay(), daily.dmarc(), daily.tls(), daily.pruned(), ingested);
    }

    /**
     * Sends yesterday's reports unless some node has already claimed that day. Several nodes may
     * share one store: the day is claimed under the store-wide {@link #DAILY_LEASE}, by checking and
     * marking {@link #LAST_DAY_KEY} while holding it, so exactly one node sends.
     */
    private Run dailyIfDue(Instant today) {
        Instant yesterday = today.minus(Duration.ofDays(1));
        Run nothing = new Run(Optional.empty(), List.of(), List.of(), 0, Optional.empty());
        if (!due(yesterday)) {
            return nothing;
        }
        Leases.Held lease = new Leases.Held(DAILY_LEASE, owner);
        if (!store.leases().tryAcquire(lease, DAILY_LEASE_TTL)) {
            LOG.atInfo().addKeyValue("holder", store.leases().holder(DAILY_LEASE).orElse("?"))
                    .log("daily reports left to the node that holds the lease");
            return nothing;
        }
        try {
            // Checked again under the lease: another node may have claimed the day since the first look;
            // the renewal proves the lease did not lapse in between.
            if (!due(yesterday) || !store.leases().renew(List.of(lease), DAILY_LEASE_TTL).isEmpty()) {
                return nothing;
            }
            // Marked first: a crash mid-run loses at most one day's reports rather than sending them twice.
            store.settings().put(LAST_DAY_KEY, yesterday.toString());
        } finally {
            store.leases().release(lease);
        }
        List<DmarcReportSender.Delivery> dmarcSent = dmarc.map(d -> d.send(yesterday, today)).orElse(List.of());
        List<TlsReportSender.Delivery> tlsSent = tls.map(t -> t.send(yesterday, today)).orElse(List.of());
        int pruned = store.reports().prune(clock.instant().minus(config.retention()));
        return new Run(Optional.of(yesterday), dmarcSent, tlsSent, pruned, Optional.empty());
    }

    private boolean due(Instant yesterday) {
        Optional<Instant> last = store.settings().get(LAST_DAY_KEY).map(Instant::parse);
        return last.isEmpty() || last.get().isBefore(yesterday);
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
