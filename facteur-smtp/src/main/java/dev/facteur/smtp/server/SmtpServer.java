package dev.facteur.smtp.server;

import dev.facteur.core.net.Connection;
import dev.facteur.core.net.ConnectionHandler;
import dev.facteur.core.net.ListenerResources;
import dev.facteur.core.net.Refusal;
import dev.facteur.core.net.TcpListener;
import dev.facteur.smtp.proto.Replies;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The SMTP server: one {@link TcpListener} per configured role (MX, submission, submissions).
 * Construction does no I/O; {@link #start()} binds, {@link #close()} stops.
 */
public final class SmtpServer implements AutoCloseable {
    private final SmtpServerSettings settings;
    private final SmtpServices services;
    private final SmtpContext context;
    private final Map<SmtpRole, TcpListener> listeners = new EnumMap<>(SmtpRole.class);

    public SmtpServer(SmtpServerSettings settings, SmtpServices services) {
        this(settings, services, SmtpContext.Sleeper.REAL);
    }

    SmtpServer(SmtpServerSettings settings, SmtpServices services, SmtpContext.Sleeper sleeper) {
        this(settings, services, sleeper, ResolutionCache.DEFAULT_TTL);
    }

    /** As above; {@code resolutionTtl} is how long RCPT reuses a directory answer (zero: never). */
    SmtpServer(SmtpServerSettings settings, SmtpServices services, SmtpContext.Sleeper sleeper, Duration resolutionTtl) {
        this.settings = settings;
        this.services = services;
        this.context = new SmtpContext(settings, services.store().directory(),
                new RecipientPolicy(services.store().directory(), services.srs(),
                        new ResolutionCache(services.store().directory(), services.clock(), resolutionTtl,
                                ResolutionCache.DEFAULT_MAX_ENTRIES)),
                new MessageDelivery(services.store(), settings.hostname(), services.clock(), services.policy(),
                        services.signer(), settings.limits().maxReceivedHeaders(), services.srs()),
                services.policy(), services.sasl(), services.throttle(), sleeper, new SmtpMetrics(services.metrics()),
                new Semaphore((int) Math.max(1, SmtpServerSettings.SPOOLED_DELIVERY_MEMORY
                        / settings.limits().maxMessageSize())));
        for (SmtpListenerSettings l : settings.listeners()) {
            if (l.listener().implicitTls() && services.tls().isEmpty()) {
                throw new IllegalArgumentException("listener " + l.listener().name() + " needs a TLS certificate");
            }
        }
    }

    /** Binds every listener, each with its own connection permits; on failure, closes those already bound. */
    public void start() throws IOException {
        start(ListenerResources.PER_LISTENER);
    }

    /**
     * Binds every listener with what the server's listeners share (a global connection limit,
     * the connection metrics); on failure, closes those already bound.
     */
    public synchronized void start(ListenerResources shared) throws IOException {
        List<TcpListener> started = new ArrayList<>();
        try {
            for (SmtpListenerSettings l : settings.listeners()) {
                TcpListener listener = new TcpListener(l.listener(), services.tls(), new Handler(l.role()), shared);
                listener.start();
                started.add(listener);
                listeners.put(l.role(), listener);
            }
        } catch (IOException | RuntimeException e) {
            started.forEach(TcpListener::close);
            listeners.clear();
            throw e;
        }
    }

    /** Where the listener of a role is bound (the real port when configured with 0). */
    public InetSocketAddress address(SmtpRole role) {
        TcpListener l = listeners.get(role);
        if (l == null) {
            throw new IllegalStateException("no " + role + " listener running");
        }
        return l.boundAddress();
    }

    @Override
    public synchronized void close() {
        listeners.values().forEach(TcpListener::close);
        listeners.clear();
    }

    private final class Handler implements ConnectionHandler {
        private final SmtpRole role;

        Handler(SmtpRole role) {
            this.role = role;
        }

        @Override
        public void handle(Connection connection) throws IOException {
            new SmtpSession(context, connection, role).run();
        }

        @Override
        public void refuse(Connection connection, Refusal reason) throws IOException {
            switch (reason) {
                case TOO_MANY_FROM_ADDRESS -> connection.out().write(Replies.tooManyConnections(settings.hostname()).encode());
            }
        }
    }
}
