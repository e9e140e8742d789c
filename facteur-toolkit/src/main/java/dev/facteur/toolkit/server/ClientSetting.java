package dev.facteur.toolkit.server;

/** What a mail client needs for one protocol: host, port, security (SSL/TLS or STARTTLS) and authentication. */
public record ClientSetting(String protocol, String host, int port, String security, String authentication) {
}
