package dev.facteur.toolkit.server;

import dev.facteur.toolkit.tls.CipherSuite;
import dev.facteur.toolkit.tls.TlsScan;
import java.util.List;
import java.util.Locale;

/**
 * One TLS version a port accepts and the cipher suites it accepts with it, in the server's order
 * of preference; {@code deprecated} per RFC 8996, each suite's strength as strong, weak (no forward
 * secrecy) or insecure.
 */
public record TlsOffer(String version, boolean deprecated, List<Suite> suites) {

    /** A suite by its IANA name and strength. */
    public record Suite(String name, String strength) {
    }

    public TlsOffer {
        suites = List.copyOf(suites);
    }

    static List<TlsOffer> of(TlsScan scan) {
        return scan.offers().stream().map(o -> new TlsOffer(o.version().label(), o.version().deprecated(),
                o.suites().stream().map(s -> new Suite(s.name(), strength(s))).toList())).toList();
    }

    private static String strength(CipherSuite s) {
        return s.strength().name().toLowerCase(Locale.ROOT);
    }
}
