package dev.facteur.toolkit.server;

import java.util.List;

/**
 * What one port answered.
 *
 * @param security implicit-tls, starttls, none (clear text only) or closed
 * @param tls the negotiated TLS versions with their cipher suites, e.g. "TLSv1.3 TLS_AES_128_GCM_SHA256"
 * @param login not-tried, ok, or the step that failed (connect, tls, mechanism, user, credentials)
 */
public record PortReport(Service service, int port, boolean answers, String security, List<String> tls,
        List<String> saslBeforeTls, List<String> saslAfterTls, String login) {

    public PortReport {
        tls = List.copyOf(tls);
        saslBeforeTls = List.copyOf(saslBeforeTls);
        saslAfterTls = List.copyOf(saslAfterTls);
    }
}
