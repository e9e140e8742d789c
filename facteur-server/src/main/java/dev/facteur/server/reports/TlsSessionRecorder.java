package dev.facteur.server.reports;

import dev.facteur.smtp.outbound.TlsSessionObserver;
import dev.facteur.store.ReportStore;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records each outbound session's TLS outcome in the store, for the daily TLS-RPT reports (RFC 8460 §4). */
public record TlsSessionRecorder(ReportStore store, InstantSource clock) implements TlsSessionObserver {
    private static final Logger LOG = LoggerFactory.getLogger(TlsSessionRecorder.class);

    @Override
    public void observed(TlsSessionResult r) {
        try {
            store.recordTls(new ReportStore.TlsSession(clock.instant(), r.policyDomain(), r.policyType().keyword(),
                    r.policyStrings(), r.mxHost(), r.receivingIp().getHostAddress(), r.failure().orElse("success")));
        } catch (RuntimeException e) {
            LOG.atWarn().setCause(e).log("cannot record a TLS session outcome");
        }
    }
}
