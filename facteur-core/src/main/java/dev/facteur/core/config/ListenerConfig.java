package dev.facteur.core.config;

import java.net.InetSocketAddress;

/**
 * Where one listener binds and whether a load balancer in front speaks the HAProxy PROXY
 * protocol (v1 or v2) to it.
 */
public record ListenerConfig(ListenerRole role, InetSocketAddress address, boolean proxyProtocol) {}
