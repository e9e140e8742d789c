package dev.facteur.core.net;

import dev.facteur.core.tls.TlsContextProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP listener serving each connection on its own thread (virtual unless the settings opt
 * into {@link ConnectionThreads#PLATFORM}). The listener's connection
 * permit is taken before {@code accept()} (so a full server stops accepting instead of piling
 * up sockets; with server-wide permits shared by several listeners, right after it, see
 * {@link #acceptThenTakePermit()}), the per-address permit next (after the PROXY header when
 * enabled), and both are released in {@code finally}.
 */
public final class TcpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final ListenerSettings settings;
    private final Optional<TlsContextProvider> tls;
    private final ConnectionHandler handler;
    private final Semaphore permits;
    private final boolean sharedPermits;
    private final PerAddressLimiter perAddress;
    private final ConnectionObserver observer;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private ServerSocket server;
    private Thread acceptor;

    /**
     * @param tls the certificate for implicit TLS and STARTTLS; empty for a plain-only listener
     *            (then {@code settings.implicitTls()} must be false)
     */
    public TcpListener(ListenerSettings settings, Optional<TlsContextProvider> tls, ConnectionHandler handler) {
        this(settings, tls, handler, ListenerResources.PER_LISTENER);
    }

    /**
     * As above, with the global connection permits shared with other listeners (a server-wide
     * {@code max_connections}); {@code settings.maxConnections()} then only sizes the backlog.
     */
    public TcpListener(ListenerSettings settings, Optional<TlsContextProvider> tls, ConnectionHandler handler,
                       Semaphore sharedPermits) {
        this(settings, tls, handler, new ListenerResources(Optional.of(sharedPermits), ConnectionObserver.NONE));
    }

    /** As above, with what the server's listeners share: permits (when global) and the observer. */
    public TcpListener(ListenerSettings settings, Optional<TlsContextProvider> tls, ConnectionHandler handler,
                       ListenerResources shared) {
        if (settings.implicitTls() && tls.isEmpty()) {
            throw new IllegalArgumentException("listener " + settings.name() + " uses implicit TLS but has no certificate");
        }
        this.settings = settings;
        this.tls = tls;
        this.handler = handler;
        this.permits = shared.sharedPermits().orElseGet(() -> new Semaphore(settings.maxConnections()));
        this.sharedPermits = shared.sharedPermits().isPresent();
        this.observer = shared.observer();
        this.perAddress = new PerAddressLimiter(settings.maxConnectionsPerIp());
    }

    /** Binds and starts accepting; returns once the socket is bound. */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(settings.address(), Math.max(50, Math.min(4096, settings.maxConnections())));
        server = s;
        acceptor = Thread.ofVirtual().name(settings.name() + "-accept").start(this::acceptLoop);
        LOG.atInfo().addKeyValue("listener", settings.name()).addKeyValue("address", boundAddress())
                .addKeyValue("tls", settings.implicitTls() ? "implicit" : tls.isPresent() ? "starttls" : "none")
                .log("listening");
    }

    /** The bound address (with the real port when the settings asked for port 0). */
    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    public ListenerSettings settings() {
        return settings;
    }

    /** Connections being served right now. */
    public int openConnections() {
        return open.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Optional<Socket> accepted;
            try {
                accepted = sharedPermits ? acceptThenTakePermit() : takePermitThenAccept();
            } catch (InterruptedException e) {
                return;
            }
            if (accepted.isEmpty()) {
                continue;
            }
            Socket socket = accepted.get();
            String id = settings.name() + "-" + Long.toString(IDS.incrementAndGet(), 36);
            open.add(socket);
            settings.threads().newThread(id, () -> serve(socket, id)).start();
        }
    }

    /** This listener's own permits: taken before {@code accept()}, so a full listener stops accepting. */
    private Optional<Socket> takePermitThenAccept() throws InterruptedException {
        permits.acquire();
        try {
            return Optional.of(server.accept());
        } catch (IOException e) {
            permits.release();
            acceptFailed(e);
            return Optional.empty();
        }
    }

    /**
     * Server-wide permits. Deviation from "permit before accept()": an idle listener's acceptor
     * would hold a shared permit while it waits in accept(), starving the other listeners (with
     * max_connections = 1, forever). So the acceptor accepts, then waits for a permit before it
     * serves: each listener holds at most one accepted connection that is not yet served.
     */
    private Optional<Socket> acceptThenTakePermit() throws InterruptedException {
        Socket socket;
        try {
            socket = server.accept();
        } catch (IOException e) {
            acceptFailed(e);
            return Optional.empty();
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            closeQuietly(socket);
            throw e;
        }
        return Optional.of(socket);
    }

    private void acceptFailed(IOException e) {
        if (!closed) {
            LOG.atWarn().addKeyValue("listener", settings.name()).addKeyValue("reason", e.getMessage())
                    .log("accept failed");
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Shutting down; the peer sees the close.
        }
    }

    private void serve(Socket socket, String id) {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) settings.handshakeTimeout().toMillis());
            InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
            if (settings.proxyProtocol() == ProxyProtocol.REQUIRED) {
                if (!settings.trustedProxies().isEmpty() && !settings.trustedProxies().contains(remote.getAddress())) {
                    LOG.atWarn().addKeyValue("conn", id).addKeyValue("remote", remote)
                            .log("PROXY header from an untrusted peer refused");
                    return;
                }
                remote = ProxyHeader.read(socket.getInputStream()).source().orElse(remote);
            }
            if (!perAddress.tryAcquire(remote.getAddress())) {
                refuse(socket, id, remote);
                return;
            }
            observer.accepted(settings.name());
            InetAddress address = remote.getAddress();
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    perAddress.release(address);
                }
            };
            try {
                serveAdmitted(socket, id, remote, release);
            } finally {
                release.run();
                observer.closed(settings.name());
            }
        } catch (IOException e) {
            LOG.atDebug().addKeyValue("conn", id).addKeyValue("reason", e.toString()).log("connection ended");
        } catch (RuntimeException e) {
            LOG.atError().addKeyValue("conn", id).setCause(e).log("connection failed unexpectedly");
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already broken.
            }
            open.remove(socket);
            permits.release();
        }
    }

    /**
     * Serves one admitted connection. {@code release} frees its per-address permit before the
     * socket closes, so a client that sees the close (after QUIT) can connect again at once.
     */
    private void serveAdmitted(Socket socket, String id, InetSocketAddress remote, Runnable release)
            throws IOException {
        Connection c = new Connection(id, settings.name(), socket, remote, tls, handler.bufferSize());
        try (c) {
            try {
                if (settings.implicitTls()) {
                    c.startImplicitTls(); // RFC 8314 §3.3: TLS before any protocol octet
                }
                LOG.atDebug().addKeyValue("conn", id).addKeyValue("remote", remote).log("connection accepted");
                handler.handle(c);
            } finally {
                release.run();
            }
        }
    }

    private void refuse(Socket socket, String id, InetSocketAddress remote) throws IOException {
        observer.refused(settings.name(), Refusal.TOO_MANY_FROM_ADDRESS);
        LOG.atInfo().addKeyValue("conn", id).addKeyValue("remote", remote)
                .addKeyValue("limit", settings.maxConnectionsPerIp()).log("too many connections from one address");
        Connection c = new Connection(id, settings.name(), socket, remote, tls, handler.bufferSize());
        try (c) {
            if (settings.implicitTls()) {
                c.startImplicitTls();
            }
            handler.refuse(c, Refusal.TOO_MANY_FROM_ADDRESS);
        }
    }

    /** Stops accepting and closes every open connection. */
    @Override
    public void close() {
        closed = true;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // Closing the listening socket cannot fail in a way we can act on.
        }
        if (acceptor != null) {
            acceptor.interrupt();
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Best effort on shutdown.
            }
        }
    }
}
