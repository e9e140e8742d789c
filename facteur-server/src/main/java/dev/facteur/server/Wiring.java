package dev.facteur.server;

import dev.facteur.core.config.DeliveryConfig;
import dev.facteur.core.config.FacteurConfig;
import dev.facteur.core.mail.Domain;
import dev.facteur.smtp.outbound.Relay;
import dev.facteur.smtp.outbound.Srs;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import dev.facteur.core.config.ListenerConfig;
import dev.facteur.core.config.ListenerRole;
import dev.facteur.core.tls.ReloadingTlsContext;
import dev.facteur.core.tls.SelfSignedCertificate;
import dev.facteur.server.cli.UserException;
import dev.facteur.server.reports.ReportScheduler;
import dev.facteur.server.reports.TlsSessionRecorder;
import dev.facteur.server.web.HttpService;
import dev.facteur.server.web.QueueRoutes;
import dev.facteur.server.web.ReportRoutes;
import dev.facteur.server.web.ToolkitRoutes;
import dev.facteur.smtp.outbound.QueueAdmin;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.dns.DnsServerAddress;
import dev.facteur.auth.dns.DnsjavaResolver;
import dev.facteur.smtp.outbound.DeliveryService;
import dev.facteur.smtp.outbound.DeliverySettings;
import dev.facteur.smtp.outbound.MtaStsPolicyFetcher;
import dev.facteur.store.Store;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.SSLContext;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds and starts every service of the server from the configuration, in dependency order. */
final class Wiring {
    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

    private Wiring() {}

    /** Starts the services; each started one is handed to {@code started} so it can be closed in reverse. */
    static void startAll(FacteurConfig config, Consumer<AutoCloseable> started, Map<ListenerRole, Integer> ports) {
        InstantSource clock = InstantSource.system();
        // What needs neither the store nor each other is built beside the store's opening: the
        // server's TLS context, the JDK's CA store for outbound TLS, and the DNS resolver.
        CompletableFuture<ReloadingTlsContext> serverTls = beside(() -> tls(config, clock));
        CompletableFuture<SSLContext> pkix = beside(Wiring::defaultTls);
        CompletableFuture<DnsResolver> resolver = beside(() -> new DnsjavaResolver(new DnsjavaResolver.Config(
                config.dns().servers().stream().map(a -> new DnsServerAddress(a.getHostString(), a.getPort())).toList(),
                config.dns().timeout(), 10_000, clock)));
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        Store store = StoreAccess.open(config);
        started.accept(store);
        started.accept(collectGarbageHourly(store));

        ReloadingTlsContext tls = join(serverTls);
        DnsResolver dns = join(resolver);
        DeliveryService delivery = delivery(config, store, dns, metrics, clock, join(pkix));
        delivery.start();
        started.accept(delivery);
        started.accept(reports(config, new QueueWakingStore(store, delivery::wake), dns, clock));

        // Helidon's start-up (about a third of the server's) runs beside the protocol listeners'.
        CompletableFuture<Optional<HttpService>> web = beside(() -> startHttp(config, store, dns, delivery, metrics, clock));
        try {
            // Protocol servers see a store whose queue wakes the delivery worker on every enqueue.
            ProtocolWiring protocols = new ProtocolWiring(config, new QueueWakingStore(store, delivery::wake), tls, dns,
                    clock, srs(config, store, clock), metrics);
            protocols.startSmtp(started, ports);
            protocols.startImap(started, ports);
            protocols.startPop3(started, ports);
        } finally {
            Optional<HttpService> http = join(web);
            http.ifPresent(started);
            http.ifPresent(h -> {
                ports.put(ListenerRole.HTTP, h.port());
                listening(ListenerRole.HTTP, config.listener(ListenerRole.HTTP).orElseThrow(), h.port());
            });
        }
    }

    private static Optional<HttpService> startHttp(FacteurConfig config, Store store, DnsResolver dns,
                                                   DeliveryService delivery, PrometheusMeterRegistry metrics,
                                                   InstantSource clock) {
        Optional<ListenerConfig> http = config.listener(ListenerRole.HTTP);
        if (http.isEmpty()) {
            return Optional.empty();
        }
        ToolkitRoutes toolkit = new ToolkitRoutes(dns, config.hostname(), config.delivery().port(), clock);
        QueueRoutes queue = new QueueRoutes(new QueueAdmin(store.queue(), store.blobs(), delivery::wake),
                config.http().adminToken().map(DeliveryConfig.Secret::value));
        ReportRoutes reportRoutes = new ReportRoutes(store.reports());
        return Optional.of(new HttpService(http.get().address(), () -> health(store), metrics, routing -> {
            toolkit.register(routing);
            queue.register(routing);
            reportRoutes.register(routing);
        }));
    }

    /** Runs a piece of start-up on its own platform thread, beside the main one. */
    private static <T> CompletableFuture<T> beside(java.util.function.Supplier<T> step) {
        return CompletableFuture.supplyAsync(step, r -> Thread.ofPlatform().name("start").start(r));
    }

    /** Waits for a piece of start-up; its failure is thrown here, as if it had run on this thread. */
    private static <T> T join(CompletableFuture<T> step) {
        try {
            return step.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** The JDK's default TLS context (its CA store), which validates the certificates of peers we connect to. */
    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /** The delivery service as configured; {@code pkix} validates relay, MTA-STS and REQUIRETLS certificates. */
    static DeliveryService delivery(FacteurConfig config, Store store, DnsResolver dns, MeterRegistry metrics,
                                    InstantSource clock, SSLContext pkix) {
        return new DeliveryService(deliverySettings(config), new DeliveryService.Collaborators(store.queue(),
                store.blobs(), store.settings(), dns, pkix, Optional.of(MtaStsPolicyFetcher.standard()),
                new LocalFirstMailSink(store, clock), metrics, clock, new SecureRandom()),
                new TlsSessionRecorder(store.reports(), clock));
    }

    /** DMARC and TLS-RPT reports: the daily run and report ingestion, checked every ten minutes. */
    private static AutoCloseable reports(FacteurConfig config, Store store, DnsResolver dns, InstantSource clock) {
        ReportScheduler scheduler = new ReportScheduler(store, dns, config.reports(), clock);
        scheduler.start(Duration.ofMinutes(10));
        return scheduler;
    }

    /** Delivery settings from {@code [delivery]}: port, lifetime, the smarthost and per-domain routes. */
    static DeliverySettings deliverySettings(FacteurConfig config) {
        DeliverySettings d = DeliverySettings.defaults(config.hostname());
        Map<Domain, Relay> routes = new HashMap<>();
        config.delivery().routes().forEach((domain, r) -> routes.put(Domain.of(domain), relay(r)));
        return new DeliverySettings(config.hostname(), config.delivery().port(),
                config.delivery().lifetime(), d.delayWarning(), config.delivery().smarthost().map(Wiring::relay), routes,
                d.concurrency(), d.perDestination(), d.destinationWait(), d.lease(), d.pollInterval(), d.ipv6(),
                d.mtaSts(), d.dane(), d.client(), config.hostname() + "-" + ProcessHandle.current().pid());
    }

    private static Relay relay(DeliveryConfig.RelayConfig r) {
        Optional<Relay.Credentials> credentials = r.username().flatMap(u -> r.password()
                .map(p -> new Relay.Credentials(u, p.text())));
        return new Relay(r.host(), r.port(), credentials, switch (r.tls()) {
            case IMPLICIT -> Relay.Security.IMPLICIT_TLS;
            case STARTTLS -> Relay.Security.STARTTLS;
            case OPPORTUNISTIC -> Relay.Security.OPPORTUNISTIC;
        });
    }

    /**
     * SRS for alias forwards: the key from {@code srs_secret_file}, else one generated once and kept
     * in the store's settings (never logged); our hostname is the default forwarding domain.
     */
    static Optional<Srs> srs(FacteurConfig config, Store store, InstantSource clock) {
        if (!config.delivery().srs()) {
            return Optional.empty();
        }
        byte[] key = config.delivery().srsSecret().map(DeliveryConfig.Secret::value)
                .orElseGet(() -> Srs.secret(store.settings()));
        // libsrs2's default: a rewritten address stays valid for 21 days.
        return Optional.of(new Srs(List.of(key), config.hostname(), clock, 21));
    }

    /** Deletes unreferenced blobs once an hour (the store keeps a grace period for in-flight writes). */
    private static AutoCloseable collectGarbageHourly(Store store) {
        ScheduledExecutorService gc = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("blob-gc").factory());
        gc.scheduleWithFixedDelay(() -> {
            try {
                int deleted = store.collectGarbage();
                if (deleted > 0) {
                    LOG.atInfo().addKeyValue("deleted", deleted).log("unreferenced blobs collected");
                }
            } catch (RuntimeException e) {
                LOG.atWarn().setCause(e).log("blob garbage collection failed; will retry in an hour");
            }
        }, 1, 60, TimeUnit.MINUTES);
        return gc::shutdownNow;
    }

    static void listening(ListenerRole role, ListenerConfig listener, int port) {
        LOG.atInfo().addKeyValue("protocol", role.key())
                .addKeyValue("address", listener.address().getAddress().getHostAddress() + ":" + port)
                .addKeyValue("tls", role.implicitTls() ? "implicit" : role == ListenerRole.HTTP ? "none" : "starttls")
                .log("listening");
    }

    private static HttpService.Health health(Store store) {
        try {
            store.directory().domains();
            return new HttpService.Health.Ok();
        } catch (RuntimeException e) {
            return new HttpService.Health.Failing("store: " + e.getClass().getSimpleName());
        }
    }

    private static ReloadingTlsContext tls(FacteurConfig config, InstantSource clock) {
        try {
            if (config.tls().generated()) {
                var pair = SelfSignedCertificate.ensure(config.tls().certificate().getParent(), config.hostname(),
                        clock.instant());
                return ReloadingTlsContext.load(pair.certificate(), pair.key(), clock, Duration.ofMinutes(1));
            }
            return ReloadingTlsContext.load(config.tls().certificate(), config.tls().privateKey(), clock,
                    Duration.ofMinutes(1));
        } catch (IOException | RuntimeException e) {
            throw new UserException("TLS: cannot load " + config.tls().certificate() + " / "
                    + config.tls().privateKey() + ": " + e.getMessage());
        }
    }
}
