package dev.facteur.toolkit.server;

import java.util.List;

/**
 * What one port answered.
 *
 * @param security implicit-tls, starttls, none (clear text only) or closed
 * @param tls the negotiated TLS versions with their cipher suites, e.g. "TLSv1.3 TLS_AES_128_GCM_SHA256"
 * @param tlsOffered every version and suite the port accepts, from the enumeration (empty when not run)
 * @param login not-tried, ok, or the step that failed (connect, tls, mechanism, user, credentials)
 */
public record PortReport(Service service, int port, boolean answers, String security, List<String> tls,
        List<String> saslBeforeTls, List<String> saslAfterTls, String login, List<TlsOffer> tlsOffered) {

    public PortReport {
        tls = List.copyOf(tls);
        saslBeforeTls = List.copyOf(saslBeforeTls);
        saslAfterTls = List.copyOf(saslAfterTls);
        tlsOffered = List.copyOf(tlsOffered);
    }

    /** The same report with the enumeration's result. */
    PortReport withOffers(List<TlsOffer> offers) {
        return new PortReport(service, port, answers, security, tls, saslBeforeTls, saslAfterTls, login, offers);
    }
}
