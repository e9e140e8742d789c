package dev.facteur.toolkit.tls;

import java.util.List;

/**
 * What a scan found: each version the server accepted with the suites it accepted for it (in the
 * order the server preferred them), whether the scan covered everything, and what got in its way.
 */
public record TlsScan(List<Offer> offers, boolean complete, List<String> problems, int connections) {

    /** One accepted version and its accepted suites. */
    public record Offer(TlsVersion version, List<CipherSuite> suites) {
        public Offer {
            suites = List.copyOf(suites);
        }
    }

    public TlsScan {
        offers = List.copyOf(offers);
        problems = List.copyOf(problems);
    }

    /** The accepted versions, oldest first. */
    public List<TlsVersion> versions() {
        return offers.stream().map(Offer::version).toList();
    }

    /** The names of the accepted suites of {@code strength}, once each, oldest version first. */
    public List<String> suites(CipherSuite.Strength strength) {
        return offers.stream().flatMap(o -> o.suites().stream()).filter(s -> s.strength() == strength)
                .map(CipherSuite::name).distinct().toList();
    }
}
