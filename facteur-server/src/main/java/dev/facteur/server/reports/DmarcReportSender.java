package dev.facteur.server.reports;

import dev.facteur.auth.dmarc.DmarcRecord;
import dev.facteur.auth.dmarc.report.AggregateReport;
import dev.facteur.auth.dmarc.report.ExternalDestinations;
import dev.facteur.auth.dmarc.report.ReportMessages;
import dev.facteur.auth.dmarc.report.ReportUri;
import dev.facteur.auth.dns.DnsRecords;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.dns.DnsResult;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.store.ReportStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the aggregate reports for one period (RFC 9990): to each rua= destination the policy domain
 * publishes now, after the external-destination check (RFC 9990 §4), within its size limit.
 */
final class DmarcReportSender {
    private static final Logger LOG = LoggerFactory.getLogger(DmarcReportSender.class);
    /** RFC 9989 §4.7: receivers must support at least two destinations; more are not served. */
    static final int MAX_DESTINATIONS = 4;

    /** What happened to one report destination. */
    sealed interface Delivery {
        record Queued(String domain, String address, int octets) implements Delivery {
        }

        record Skipped(String domain, String address, String reason) implements Delivery {
        }
    }

    private final ReportStore store;
    private final DnsResolver dns;
    private final ExternalDestinations external;
    private final ReportMailer mailer;
    private final EmailAddress from;
    private final DmarcAggregates.Reporter reporter;
    private final InstantSource clock;

    DmarcReportSender(ReportStore store, DnsResolver dns, ReportMailer mailer, EmailAddress from, String orgName,
                      InstantSource clock) {
        this.store = store;
        this.dns = dns;
        this.external = new ExternalDestinations(dns);
        this.mailer = mailer;
        this.from = from;
        this.reporter = new DmarcAggregates.Reporter(orgName, from.toString(), from.domain().name());
        this.clock = clock;
    }

    /** Builds and queues the reports for evaluations in [begin, end). */
    List<Delivery> send(Instant begin, Instant end) {
        List<Delivery> out = new ArrayList<>();
        for (AggregateReport report : DmarcAggregates.build(store.dmarcEvaluations(begin, end), begin, end, reporter)) {
            String domain = report.policy().domain();
            List<ReportUri> destinations = destinations(domain);
            if (destinations.isEmpty()) {
                out.add(new Delivery.Skipped(domain, "", "no rua= in the current record"));
            }
            for (ReportUri uri : destinations.subList(0, Math.min(MAX_DESTINATIONS, destinations.size()))) {
                out.add(deliver(report, uri));
            }
        }
        out.forEach(d -> LOG.atInfo().addKeyValue("delivery", d).log("DMARC aggregate report"));
        return out;
    }

    private Delivery deliver(AggregateReport report, ReportUri uri) {
        String domain = report.policy().domain();
        switch (external.check(domain, "mailto:" + uri.address())) {
            case ExternalDestinations.Authorisation.Authorised a -> {
            }
            case ExternalDestinations.Authorisation.NotAuthorised n -> {
                return new Delivery.Skipped(domain, uri.address(), n.reason());
            }
            case ExternalDestinations.Authorisation.Unknown u -> {
                return new Delivery.Skipped(domain, uri.address(), u.reason());
            }
        }
        byte[] message = ReportMessages.aggregate(report, from.toString(), uri.address(), reporter.submitterDomain(),
                clock.instant());
        if (!uri.accepts(message.length)) {
            // RFC 9989 §4.7 / RFC 7489 §6.2: a report larger than the destination's "!size" is not sent to it.
            return new Delivery.Skipped(domain, uri.address(), "report of " + message.length + " octets exceeds the limit");
        }
        mailer.send(from, uri.address(), message);
        return new Delivery.Queued(domain, uri.address(), message.length);
    }

    /** The rua= destinations of the record published at {@code _dmarc.<domain>} now. */
    private List<ReportUri> destinations(String domain) {
        DnsResult<DnsRecords.Txt> r = dns.txt("_dmarc." + domain);
        Optional<String> record = r.values().stream().map(DnsRecords.Txt::text).filter(DmarcRecord::looksLikeDmarc).findFirst();
        return record.map(t -> ReportUri.fromRecord(t, "rua")).orElse(List.of());
    }
}
