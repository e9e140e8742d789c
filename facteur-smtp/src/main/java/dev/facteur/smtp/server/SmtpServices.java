package dev.facteur.smtp.server;

import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.core.tls.TlsContextProvider;
import dev.facteur.smtp.outbound.Srs;
import dev.facteur.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The collaborators of the SMTP server, built by facteur-server.
 *
 * @param tls the certificate for STARTTLS and port 465; empty disables both
 * @param policy inbound policy stages (SPF, DKIM, DMARC …); {@link PolicyChain#EMPTY} for none
 * @param signer the hook before queueing submitted mail (DKIM); {@link OutboundSigner#NONE} for none
 * @param metrics where the SMTP meters are registered (the server's Prometheus registry)
 * @param srs rewrites the envelope sender of mail forwarded by an alias to another domain, and
 *            reverses bounces to the rewritten addresses; empty forwards with the original sender
 */
public record SmtpServices(Store store, Optional<TlsContextProvider> tls, SaslAuthenticator sasl, AuthThrottle throttle,
                           PolicyChain policy, OutboundSigner signer, InstantSource clock, MeterRegistry metrics,
                           Optional<Srs> srs) {
    public SmtpServices {
        Objects.requireNonNull(srs, "srs");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(sasl, "sasl");
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(metrics, "metrics");
    }

    /** Without metrics (an empty composite registry records nothing) and without SRS. */
    public SmtpServices(Store store, Optional<TlsContextProvider> tls, SaslAuthenticator sasl, AuthThrottle throttle,
                        PolicyChain policy, OutboundSigner signer, InstantSource clock) {
        this(store, tls, sasl, throttle, policy, signer, clock, new CompositeMeterRegistry(), Optional.empty());
    }

    /** With metrics, without SRS: forwards keep the original envelope sender. */
    public SmtpServices(Store store, Optional<TlsContextProvider> tls, SaslAuthenticator sasl, AuthThrottle throttle,
                        PolicyChain policy, OutboundSigner signer, InstantSource clock, MeterRegistry metrics) {
        this(store, tls, sasl, throttle, policy, signer, clock, metrics, Optional.empty());
    }

    /** The same services with SRS forwarding. */
    public SmtpServices withSrs(Srs rewriter) {
        return new SmtpServices(store, tls, sasl, throttle, policy, signer, clock, metrics, Optional.of(rewriter));
    }
}
