package dev.facteur.core.net;

/** Whether a listener expects the HAProxy PROXY protocol header from a load balancer in front. */
public enum ProxyProtocol {
    /** No header: the peer address is the socket's. */
    OFF,
    /** Every connection starts with a v1 (text) or v2 (binary) PROXY header; others are dropped. */
    REQUIRED
}
