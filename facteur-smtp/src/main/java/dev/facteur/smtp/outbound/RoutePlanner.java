package dev.facteur.smtp.outbound;

import dev.facteur.auth.dns.DnsRecords;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.dns.DnsResult;
import dev.facteur.core.mail.Domain;
import dev.facteur.smtp.client.DaneTrustManager;
import dev.facteur.smtp.client.EnhancedStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides the hosts to try for a recipient domain and the TLS each must have: a relay if
 * configured, else the MX hosts (RFC 5321 §5.1), secured by DANE (RFC 7672) when the DNS answers
 * are authenticated, else by MTA-STS (RFC 8461) when the domain publishes a policy.
 */
final class RoutePlanner {

    /** The plan for a destination: hosts to try, or an outcome for every recipient at once. */
    sealed interface Plan {
        record Hops(List<NextHop> hops) implements Plan {
            public Hops {
                hops = List.copyOf(hops);
            }
        }

        record Refuse(boolean permanent, int code, EnhancedStatus status, String text) implements Plan {
        }
    }

    private final DeliverySettings settings;
    private final MxResolver mx;
    private final DnsResolver dns;
    private final Optional<MtaSts> mtaSts;
    private final DeliveryMetrics metrics;

    RoutePlanner(DeliverySettings settings, MxResolver mx, DnsResolver dns, Optional<MtaSts> mtaSts, DeliveryMetrics metrics) {
        this.settings = settings;
        this.mx = mx;
        this.dns = dns;
        this.mtaSts = mtaSts;
        this.metrics = metrics;
    }

    Plan plan(Domain domain) {
        Optional<Relay> relay = settings.relayFor(domain);
        if (relay.isPresent()) {
            Relay r = relay.get();
            TlsRequirement tls = r.requireTls() ? new TlsRequirement.Pkix(false) : new TlsRequirement.Opportunistic();
            return new Plan.Hops(List.of(new NextHop(r.host(), r.port(), tls, r.credentials(), true,
                    r.security() == Relay.Security.IMPLICIT_TLS)));
        }
        return switch (mx.resolve(domain)) {
            // RFC 7505 §4.2: a null MX fails at once with 556 and 5.1.10.
            case MxResolution.NullMx n -> new Plan.Refuse(true, 556, EnhancedStatus.of(5, 1, 10),
                    "Domain " + domain + " does not accept mail (null MX)");
            // RFC 3463 §3.2: X.1.2 bad destination system address.
            case MxResolution.NoSuchDomain n -> new Plan.Refuse(true, 550, EnhancedStatus.of(5, 1, 2),
                    "Domain " + domain + " has no mail server: " + n.cause());
            // RFC 3463 §3.5: X.4.3 directory server failure (DNS).
            case MxResolution.TempFailure f -> new Plan.Refuse(false, 451, EnhancedStatus.of(4, 4, 3), f.cause());
            case MxResolution.Hosts h -> secure(domain, h);
        };
    }

    private Plan secure(Domain domain, MxResolution.Hosts hosts) {
        Optional<MtaStsPolicy> sts = Optional.empty();
        boolean stsLooked = false;
        List<NextHop> hops = new ArrayList<>();
        String daneDeferral = null;
        for (MxResolution.MxHost host : hosts.hosts()) {
            // RFC 7672 §2.2.1: DANE applies only when the MX answer itself is authenticated.
            if (settings.dane() && hosts.authenticated()) {
                DnsResult<DnsRecords.Tlsa> tlsa = dns.tlsa("_" + settings.port() + "._tcp." + host.name());
                switch (tlsa) {
                    case DnsResult.Records<DnsRecords.Tlsa> r when r.authenticated() -> {
                        metrics.dane(true);
                        // RFC 7672 §2.2: with no usable record the session is TLS without authentication.
                        TlsRequirement t = DaneTrustManager.anyUsable(r.values())
                                ? new TlsRequirement.Dane(r.values()) : new TlsRequirement.Opportunistic();
                        hops.add(new NextHop(host.name(), settings.port(), t, Optional.empty(), true));
                        continue;
                    }
                    case DnsResult.TempFailure<DnsRecords.Tlsa> f -> {
                        // RFC 7672 §2.2: a failed TLSA lookup makes the host unusable for now.
                        daneDeferral = "TLSA lookup for " + host.name() + " failed";
                        continue;
                    }
                    default -> { }
                }
            }
            if (!stsLooked && settings.mtaSts() && mtaSts.isPresent()) {
                sts = mtaSts.get().policy(domain);
                stsLooked = true;
            }
            if (sts.isPresent()) {
                MtaStsPolicy p = sts.get();
                boolean enforce = p.mode() == MtaStsPolicy.Mode.ENFORCE;
                if (!p.allows(host.name())) {
                    metrics.mtaSts("mx-mismatch");
                    if (enforce) {
                        // RFC 8461 §4.1: an MX host not in an enforced policy is not used.
                        continue;
                    }
                }
                hops.add(new NextHop(host.name(), settings.port(), new TlsRequirement.Pkix(!enforce, TlsSessionObserver.stsPolicyStrings(p)),
                        Optional.empty(),
                        p.allows(host.name())));
                continue;
            }
            hops.add(new NextHop(host.name(), settings.port(), new TlsRequirement.Opportunistic(), Optional.empty(),
                    hosts.authenticated()));
        }
        if (hops.isEmpty()) {
            String why = daneDeferral != null ? daneDeferral : "no MX host of " + domain + " matches its MTA-STS policy";
            // RFC 8461 §5.1: a policy failure in enforce mode defers (and eventually bounces) the message.
            return new Plan.Refuse(false, 451, EnhancedStatus.of(4, 7, 5), why);
        }
        return new Plan.Hops(hops);
    }
}
