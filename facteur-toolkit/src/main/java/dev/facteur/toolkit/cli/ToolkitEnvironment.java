package dev.facteur.toolkit.cli;

import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.dns.DnsjavaResolver;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * What the toolkit commands take from the server's configuration when facteur-server wires them:
 * the DNS servers (empty = the system's), the name to send in EHLO, the SMTP port of callouts and
 * probes (25 unless a test sets another), and the clock. {@code --dns} on a command overrides the
 * DNS servers.
 */
public record ToolkitEnvironment(List<String> dnsServers, String heloName, int smtpPort, InstantSource clock) {

    public ToolkitEnvironment {
        dnsServers = List.copyOf(dnsServers);
        if (smtpPort < 1 || smtpPort > 65535) {
            throw new IllegalArgumentException("SMTP port out of range: " + smtpPort);
        }
    }

    /** System resolvers, EHLO name from the local host name, port 25, system clock. */
    public static ToolkitEnvironment systemDefault() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getCanonicalHostName();
            dev.facteur.core.mail.Domain.of(host);
        } catch (java.io.IOException | IllegalArgumentException e) {
            host = "localhost.localdomain";
        }
        return new ToolkitEnvironment(List.of(), host, 25, InstantSource.system());
    }

    /** A resolver asking {@code override} if given, else the configured servers, with the given timeout. */
    public DnsResolver resolver(List<String> override, Duration timeout) {
        List<String> servers = override.isEmpty() ? dnsServers : override;
        return new DnsjavaResolver(DnsjavaResolver.Config.of(servers, timeout));
    }
}
