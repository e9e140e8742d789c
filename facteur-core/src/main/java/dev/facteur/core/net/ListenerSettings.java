package dev.facteur.core.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One listening socket: where it binds, whether TLS starts at once, and its limits.
 *
 * @param name short label for logs and thread names, e.g. {@code smtp}, {@code submissions}
 * @param address the address to bind; port 0 picks a free port (tests)
 * @param implicitTls RFC 8314 §3.3: TLS starts on connect (465, 993, 995)
 * @param maxConnections connections served at once by this listener; the acceptor waits for a
 *                       free permit before calling {@code accept()}
 * @param maxConnectionsPerIp connections at once from one client address (after PROXY)
 * @param handshakeTimeout bound on the PROXY header and the implicit TLS handshake
 * @param proxyProtocol whether a PROXY header is expected
 * @param trustedProxies peers allowed to send a PROXY header; empty means any peer (only for
 *                       listeners reachable solely by the load balancer)
 * @param threads what serves each connection: {@link ConnectionThreads#VIRTUAL} (the default)
 *                or, opted into per listener, {@link ConnectionThreads#PLATFORM}
 */
public record ListenerSettings(String name, InetSocketAddress address, boolean implicitTls, int maxConnections,
                               int maxConnectionsPerIp, Duration handshakeTimeout, ProxyProtocol proxyProtocol,
                               List<InetAddress> trustedProxies, ConnectionThreads threads) {

    public ListenerSettings {
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
        trustedProxies = List.copyOf(trustedProxies);
        if (name.isBlank() || !name.matches("[a-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("listener name must be 1-32 of [a-z0-9-]: " + name);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        if (maxConnectionsPerIp < 1 || maxConnectionsPerIp > maxConnections) {
            throw new IllegalArgumentException("maxConnectionsPerIp must be between 1 and maxConnections, got "
                    + maxConnectionsPerIp);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive");
        }
    }

    /** A listener whose connections each run on a virtual thread (the default). */
    public ListenerSettings(String name, InetSocketAddress address, boolean implicitTls, int maxConnections,
                            int maxConnectionsPerIp, Duration handshakeTimeout, ProxyProtocol proxyProtocol,
                            List<InetAddress> trustedProxies) {
        this(name, address, implicitTls, maxConnections, maxConnectionsPerIp, handshakeTimeout, proxyProtocol,
                trustedProxies, ConnectionThreads.VIRTUAL);
    }

    /** A loopback listener on a free port with generous limits, for tests and tools. */
    public static ListenerSettings loopback(String name, boolean implicitTls) {
        return new ListenerSettings(name, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), implicitTls,
                1000, 100, Duration.ofSeconds(30), ProxyProtocol.OFF, List.of());
    }

    public ListenerSettings withLimits(int maxConnections, int maxConnectionsPerIp) {
        return new ListenerSettings(name, address, implicitTls, maxConnections, maxConnectionsPerIp,
                handshakeTimeout, proxyProtocol, trustedProxies, threads);
    }

    public ListenerSettings withProxyProtocol(ProxyProtocol mode) {
        return new ListenerSettings(name, address, implicitTls, maxConnections, maxConnectionsPerIp,
                handshakeTimeout, mode, trustedProxies, threads);
    }

    public ListenerSettings withThreads(ConnectionThreads kind) {
        return new ListenerSettings(name, address, implicitTls, maxConnections, maxConnectionsPerIp,
                handshakeTimeout, proxyProtocol, trustedProxies, kind);
    }
}
