package dev.facteur.core.net;

/** The negotiated TLS parameters of a connection, for Received headers (RFC 8314 §7.4) and logs. */
public record TlsInfo(String protocol, String cipherSuite) {}
