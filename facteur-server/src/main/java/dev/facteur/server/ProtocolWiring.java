package dev.facteur.server;

import dev.facteur.core.config.AuthConfig;
import dev.facteur.core.config.FacteurConfig;
import dev.facteur.core.config.ListenerConfig;
import dev.facteur.core.config.ListenerRole;
import dev.facteur.core.net.ListenerResources;
import dev.facteur.core.net.ConnectionThreads;
import dev.facteur.core.net.ListenerSettings;
import dev.facteur.core.net.ProxyProtocol;
import dev.facteur.core.net.TcpListener;
import dev.facteur.core.net.ConnectionHandler;
import dev.facteur.core.net.ConnectionObserver;
import dev.facteur.core.net.Refusal;
import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.OAuthSettings;
import dev.facteur.core.sasl.OAuthTokenValidator;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.core.sasl.ThrottleSettings;
import dev.facteur.core.security.PasswordHasher;
import dev.facteur.core.tls.TlsContextProvider;
import dev.facteur.imap.server.ImapServer;
import dev.facteur.imap.server.ImapServerSettings;
import dev.facteur.pop3.server.StoreMaildropLocks;
import dev.facteur.pop3.server.Pop3Server;
import dev.facteur.pop3.server.Pop3Services;
import dev.facteur.pop3.server.Pop3Settings;
import dev.facteur.smtp.outbound.Srs;
import dev.facteur.smtp.proto.MessageBuffer;
import dev.facteur.smtp.server.PolicyChain;
import dev.facteur.smtp.server.auth.DkimOutboundSigner;
import dev.facteur.smtp.server.auth.MailAuthPolicy;
import dev.facteur.server.reports.FailureReporter;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.smtp.server.SmtpLimits;
import dev.facteur.smtp.server.SmtpListenerSettings;
import dev.facteur.smtp.server.SmtpRole;
import dev.facteur.smtp.server.SmtpServer;
import dev.facteur.smtp.server.SmtpServerSettings;
import dev.facteur.smtp.server.SmtpServices;
import dev.facteur.smtp.server.StoreCredentialLookup;
import dev.facteur.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Builds the SMTP, IMAP and POP3 servers from the configuration and the shared collaborators. */
final class ProtocolWiring {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
    /** Messages larger than this go to a file under the data directory while they arrive. */
    private static final int SPOOL_THRESHOLD = 1024 * 1024;

    private final FacteurConfig config;
    private final Store store;
    private final TlsContextProvider tls;
    private final InstantSource clock;
    private final SaslAuthenticator sasl;
    private final AuthThrottle throttle;

    private final DnsResolver dns;
    private final Optional<Srs> srs;
    private final MeterRegistry metrics;
    /** One global limit (limits.max_connections) and one set of connection meters for every listener. */
    private final ListenerResources listeners;

    ProtocolWiring(FacteurConfig config, Store store, TlsContextProvider tls, DnsResolver dns, InstantSource clock,
                   Optional<Srs> srs, MeterRegistry metrics) {
        this.config = config;
        this.srs = srs;
        this.metrics = metrics;
        this.listeners = ListenerResources.shared(config.limits().maxConnections(), new ListenerMetrics(metrics));
        this.dns = dns;
        this.store = store;
        this.tls = tls;
        this.clock = clock;
        this.sasl = new SaslAuthenticator(new StoreCredentialLookup(store.directory()), new PasswordHasher(),
                config.auth().oauth2().map(o -> new OAuthTokenValidator(oauthSettings(o), clock)));
        this.throttle = new AuthThrottle(ThrottleSettings.defaults(), clock);
    }

    private static OAuthSettings oauthSettings(AuthConfig.OAuth2Config o) {
        return OAuthSettings.of(o.issuer(), o.jwks(), Optional.of(o.audience()), o.claim());
    }

    ListenerSettings listenerSettings(ListenerConfig l) {
        return new ListenerSettings(l.role().key(), l.address(), l.role().implicitTls(),
                config.limits().maxConnections(), Math.min(config.limits().maxConnectionsPerIp(),
                config.limits().maxConnections()), HANDSHAKE_TIMEOUT,
                l.proxyProtocol() ? ProxyProtocol.REQUIRED : ProxyProtocol.OFF, List.of());
    }

    /** Starts the SMTP listeners (MX, submission, submissions) that the configuration enables. */
    void startSmtp(Consumer<AutoCloseable> started, Map<ListenerRole, Integer> ports) {
        Map<ListenerRole, SmtpRole> roles = Map.of(ListenerRole.SMTP, SmtpRole.MX,
                ListenerRole.SUBMISSION, SmtpRole.SUBMISSION, ListenerRole.SUBMISSIONS, SmtpRole.SUBMISSIONS);
        List<SmtpListenerSettings> listeners = new ArrayList<>();
        for (ListenerRole role : List.of(ListenerRole.SMTP, ListenerRole.SUBMISSION, ListenerRole.SUBMISSIONS)) {
            config.listener(role).ifPresent(l -> listeners.add(new SmtpListenerSettings(listenerSettings(l), roles.get(role))));
        }
        if (listeners.isEmpty()) {
            return;
        }
        SmtpLimits d = SmtpLimits.defaults();
        SmtpLimits limits = new SmtpLimits(config.limits().maxMessageSize(), config.limits().maxRecipients(),
                config.limits().maxErrors(), d.commandTimeout(), d.unauthenticatedTimeout(), d.dataTimeout(),
                d.maxReceivedHeaders(), d.preGreetingWait());
        SmtpServer smtp = new SmtpServer(
                new SmtpServerSettings(config.hostname(), listeners, limits, config.auth().allowPlaintextOnLoopback(),
                        Optional.of(new MessageBuffer.Spool(config.dataDir().resolve("spool"), SPOOL_THRESHOLD))),
                new SmtpServices(store, Optional.of(tls), sasl, throttle,
                        new PolicyChain(List.of(MailAuthPolicy.recording(dns, config.hostname(), clock, store.reports(),
                                FailureReporter.forConfig(config.reports(), store, dns, config.hostname(), clock)))),
                        DkimOutboundSigner.create(store.settings(), clock), clock, metrics, srs));
        try {
            smtp.start(this.listeners);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start SMTP: " + e.getMessage(), e);
        }
        started.accept(smtp);
        for (SmtpListenerSettings l : listeners) {
            ListenerRole role = roles.entrySet().stream().filter(e -> e.getValue() == l.role()).findFirst()
                    .orElseThrow().getKey();
            int port = smtp.address(l.role()).getPort();
            ports.put(role, port);
        }
    }

    /** Starts the POP3 listeners (110 with STLS, 995 with implicit TLS) sharing one server. */
    void startPop3(Consumer<AutoCloseable> started, Map<ListenerRole, Integer> ports) {
        // RFC 1939 §8 / RFC 2449 IN-USE: one maildrop lock across every process on the store.
        StoreMaildropLocks locks = new StoreMaildropLocks(store.leases(), StoreMaildropLocks.DEFAULT_TTL);
        started.accept(locks);
        Pop3Server pop3 = new Pop3Server(Pop3Settings.defaults(config.hostname(), config.auth().allowPlaintextOnLoopback()),
                new Pop3Services(sasl, throttle, store, locks, Optional.empty(), clock), metrics);
        // POP3 sessions are short and few, and a blocking read on a platform thread costs a third
        // less CPU per command than a virtual thread's park and wake-up: 1.08x Dovecot's RETR rate
        // against 0.79x (bench/pop3/results-2026-11-27-pop3perf.txt). IMAP keeps virtual threads
        // (thousands of IDLE sessions), SMTP too.
        startListeners(List.of(ListenerRole.POP3, ListenerRole.POP3S), pop3, ConnectionThreads.PLATFORM, started, ports);
    }

    /** Starts the IMAP listeners (143 with STARTTLS, 993 with implicit TLS) sharing one server. */
    void startImap(Consumer<AutoCloseable> started, Map<ListenerRole, Integer> ports) {
        ImapServerSettings d = ImapServerSettings.defaults(config.hostname());
        // RFC 9051 §5.4: the autologout timer is at least 30 minutes.
        Duration idle = config.limits().idleTimeout().compareTo(Duration.ofMinutes(30)) < 0
                ? Duration.ofMinutes(30) : config.limits().idleTimeout();
        ImapServerSettings settings = new ImapServerSettings(config.hostname(), config.limits().maxMessageSize(),
                d.maxLineLength(), d.maxCommandLiteral(), d.loginTimeout(), idle, config.limits().maxErrors(),
                config.auth().allowPlaintextOnLoopback());
        ImapServer imap = new ImapServer(settings, store, sasl, throttle, clock, metrics);
        startListeners(List.of(ListenerRole.IMAP, ListenerRole.IMAPS), imap, ConnectionThreads.VIRTUAL, started, ports);
    }

    void startListeners(List<ListenerRole> roles, ConnectionHandler handler, ConnectionThreads threads,
                        Consumer<AutoCloseable> started, Map<ListenerRole, Integer> ports) {
        for (ListenerRole role : roles) {
            Optional<ListenerConfig> l = config.listener(role);
            if (l.isEmpty()) {
                continue;
            }
            TcpListener listener = new TcpListener(listenerSettings(l.get()).withThreads(threads), Optional.of(tls),
                    handler, this.listeners);
            try {
                listener.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + l.get().address() + " (" + role.key() + "): "
                        + e.getMessage(), e);
            }
            started.accept(listener);
            ports.put(role, listener.boundAddress().getPort());
        }
    }

    /** Listener connection meters, tagged by listener name (smtp, submission, imap, pop3s …). */
    private static final class ListenerMetrics implements ConnectionObserver {
        private final MeterRegistry registry;
        private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

        ListenerMetrics(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void accepted(String listener) {
            Counter.builder("facteur.connections.accepted").tag("listener", listener)
                    .description("Connections admitted to a protocol session").register(registry).increment();
            active(listener).incrementAndGet();
        }

        @Override
        public void refused(String listener, Refusal reason) {
            String why = switch (reason) {
                case TOO_MANY_FROM_ADDRESS -> "per_ip_limit";
            };
            Counter.builder("facteur.connections.refused").tag("listener", listener).tag("reason", why)
                    .description("Connections turned away before their session").register(registry).increment();
        }

        @Override
        public void closed(String listener) {
            active(listener).decrementAndGet();
        }

        private AtomicInteger active(String listener) {
            return active.computeIfAbsent(listener, l -> registry.gauge("facteur.connections.active",
                    Tags.of("listener", l), new AtomicInteger()));
        }
    }
}
