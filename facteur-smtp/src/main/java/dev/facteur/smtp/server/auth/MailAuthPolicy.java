package dev.facteur.smtp.server.auth;

import dev.facteur.auth.AuthVerdict;
import dev.facteur.auth.MessageAuthenticator;
import dev.facteur.auth.SpfCheck;
import dev.facteur.auth.dmarc.Disposition;
import dev.facteur.auth.dmarc.DmarcDiscovery;
import dev.facteur.auth.dmarc.DmarcRecord;
import dev.facteur.auth.dmarc.DmarcResult;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.results.ForgedResultsFilter;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.smtp.proto.SmtpReply;
import dev.facteur.smtp.server.Envelope;
import dev.facteur.smtp.server.PolicyStage;
import dev.facteur.smtp.server.SessionInfo;
import dev.facteur.smtp.server.SmtpRole;
import dev.facteur.smtp.server.Verdict;
import dev.facteur.store.ReportStore;
import java.net.InetAddress;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound mail authentication for the MX role: SPF at MAIL FROM, then DKIM, ARC and DMARC after
 * DATA, one Authentication-Results field, and the DMARC disposition. Submission sessions pass
 * untouched (their mail is ours, and is signed instead). Thread-safe; one instance per server.
 *
 * <p>The SPF result of MAIL FROM is remembered per connection in a bounded map (the most recently
 * used {@code maxConnections} connections); {@link #onMessage} uses it when it matches the
 * envelope and recomputes it otherwise, so eviction costs DNS queries, never correctness.
 */
public final class MailAuthPolicy implements PolicyStage {
    private static final Logger LOG = LoggerFactory.getLogger(MailAuthPolicy.class);

    /** RFC 5321 §4.2.2 / RFC 3463 §3.8 X.7.1: delivery not authorised, message refused (RFC 9989 §5.3 reject). */
    public static final SmtpReply DMARC_REJECT = SmtpReply.of(550, "5.7.1",
            "Message rejected by the sender domain's DMARC policy");

    /** What the stage remembers of one connection: the current transaction's SPF and the last disposition. */
    private record ConnectionState(Optional<SpfCheck> spf, Disposition lastDisposition) {}

    private final MessageAuthenticator authenticator;
    private final ForgedResultsFilter forged;
    private final int maxConnections;
    private final Map<String, ConnectionState> connections;
    private final Optional<ReportStore> reports;
    private final Optional<FailureSink> failures;
    private final InstantSource clock;

    /**
     * Told of every MX message evaluated against a published DMARC policy, with the octets as
     * received, so that failure reports (RFC 9991) can be sent where the policy's fo= asks. Must be
     * quick (hand the work to another thread) and must not throw.
     */
    @FunctionalInterface
    public interface FailureSink {
        void evaluated(AuthVerdict verdict, InetAddress source, byte[] message);
    }

    /**
     * @param authenticator  the library's inbound checks, built with this server's host name as authserv-id
     * @param authservId     the same host name (RFC 8601 §2.5), for removing forged fields
     * @param maxConnections how many connections' SPF results to remember (at least 1)
     */
    public MailAuthPolicy(MessageAuthenticator authenticator, String authservId, int maxConnections) {
        this(authenticator, authservId, maxConnections, Optional.empty(), Optional.empty(), InstantSource.system());
    }

    /**
     * @param reports where each DMARC evaluation against a published policy is recorded for the
     *                aggregate reports (RFC 9990 §3); empty to record nothing
     */
    public MailAuthPolicy(MessageAuthenticator authenticator, String authservId, int maxConnections,
                          Optional<ReportStore> reports, Optional<FailureSink> failures, InstantSource clock) {
        this.reports = reports;
        this.failures = failures;
        this.clock = clock;
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
        this.authenticator = authenticator;
        this.forged = new ForgedResultsFilter(authservId);
        this.maxConnections = maxConnections;
        this.connections = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The usual construction: the authserv-id is the server's host name; state for 10 000 connections. */
    public static MailAuthPolicy create(DnsResolver dns, String hostname, InstantSource clock) {
        return new MailAuthPolicy(new MessageAuthenticator(dns, hostname, clock), hostname, 10_000);
    }

    /** As {@link #create}, recording every DMARC evaluation in {@code reports} (RFC 9990 §3). */
    public static MailAuthPolicy recording(DnsResolver dns, String hostname, InstantSource clock, ReportStore reports) {
        return recording(dns, hostname, clock, reports, Optional.empty());
    }

    /** As above, also handing each evaluation to {@code failures} for failure reports (RFC 9991). */
    public static MailAuthPolicy recording(DnsResolver dns, String hostname, InstantSource clock, ReportStore reports,
                                           Optional<FailureSink> failures) {
        return new MailAuthPolicy(new MessageAuthenticator(dns, hostname, clock), hostname, 10_000,
                Optional.of(reports), failures, clock);
    }

    @Override
    public Verdict onMailFrom(SessionInfo session, Optional<EmailAddress> sender) {
        if (session.role() != SmtpRole.MX) {
            return Verdict.CONTINUE;
        }
        // RFC 7208 §2.3, §2.4: check HELO and MAIL FROM at MAIL FROM; no refusal here, DMARC decides.
        SpfCheck spf = spf(session, sender);
        remember(session.connectionId(), new ConnectionState(Optional.of(spf), Disposition.DELIVER));
        return Verdict.CONTINUE;
    }

    @Override
    public Verdict onMessage(SessionInfo session, Envelope envelope, byte[] message) {
        if (session.role() != SmtpRole.MX) {
            return Verdict.CONTINUE;
        }
        SpfCheck spf = rememberedSpf(session, envelope.sender()).orElseGet(() -> spf(session, envelope.sender()));
        AuthVerdict verdict = authenticator.authenticate(spf, message);
        remember(session.connectionId(), new ConnectionState(Optional.empty(), verdict.disposition()));
        reports.ifPresent(r -> record(r, session, envelope, verdict, message));
        LOG.atInfo().addKeyValue("conn", session.connectionId()).addKeyValue("disposition", verdict.disposition())
                .addKeyValue("results", String.join("; ", verdict.causes())).log("mail authentication");
        // RFC 8601 §2.2: the field without its final CRLF, as Verdict.Continue wants it.
        String header = withoutFinalCrlf(verdict.authenticationResultsHeader());
        return switch (verdict.disposition()) {
            // RFC 9989 §5.3: p=reject: refuse in the SMTP transaction, at the end of DATA.
            case REJECT -> new Verdict.Reject(DMARC_REJECT);
            // RFC 9989 §5.3: p=quarantine: accept, file in the recipient's Junk mailbox.
            case QUARANTINE -> new Verdict.Continue(List.of(header), Verdict.Folder.JUNK);
            // Includes DMARC temperror: RFC 9989 §5.3 lets the receiver defer (4xx) or deliver; we deliver, because
            // a deferral would retry against a DNS that may stay broken, and the A-R field records temperror.
            case DELIVER -> new Verdict.Continue(List.of(header));
        };
    }

    /**
     * True when the last message this connection sent through {@link #onMessage} was quarantined by
     * DMARC: the server must deliver it to each recipient's Junk mailbox. Ask right after the policy
     * chain ran for the message (the same thread; a session runs one transaction at a time).
     */
    public boolean isQuarantine(SessionInfo session) {
        synchronized (connections) {
            ConnectionState s = connections.get(session.connectionId());
            return s != null && s.lastDisposition() == Disposition.QUARANTINE;
        }
    }

    /**
     * RFC 8601 §5: the message without Authentication-Results fields claiming our authserv-id, for MX
     * sessions; submitted mail is returned unchanged. The server stores this instead of the octets as
     * received (the policy API cannot change the message).
     */
    public byte[] stripForgedResults(SessionInfo session, byte[] message) {
        return session.role() == SmtpRole.MX ? forged.strip(message) : message;
    }

    @Override
    public byte[] sanitise(SessionInfo session, byte[] message) {
        return stripForgedResults(session, message);
    }

    /** Forgets a connection (optional: the map is bounded anyway). */
    public void connectionClosed(String connectionId) {
        synchronized (connections) {
            connections.remove(connectionId);
        }
    }

    int rememberedConnections() {
        synchronized (connections) {
            return connections.size();
        }
    }

    private SpfCheck spf(SessionInfo session, Optional<EmailAddress> sender) {
        // RFC 7208 §2.4: the null reverse-path is checked as postmaster@HELO (the library uses the HELO result).
        return authenticator.checkSpf(client(session), session.helo().orElse(""), sender.map(EmailAddress::toString).orElse(""));
    }

    private Optional<SpfCheck> rememberedSpf(SessionInfo session, Optional<EmailAddress> sender) {
        ConnectionState s;
        synchronized (connections) {
            s = connections.get(session.connectionId());
        }
        if (s == null || s.spf().isEmpty()) {
            return Optional.empty();
        }
        SpfCheck spf = s.spf().get();
        boolean same = spf.client().equals(client(session)) && spf.helo().equals(session.helo().orElse(""))
                && spf.mailFrom().equals(sender.map(EmailAddress::toString).orElse(""));
        return same ? Optional.of(spf) : Optional.empty();
    }

    private void remember(String connectionId, ConnectionState state) {
        synchronized (connections) {
            connections.put(connectionId, state);
            if (connections.size() > maxConnections) {
                connections.remove(connections.keySet().iterator().next()); // least recently used
            }
        }
    }

    /** RFC 9990 §3: the row an aggregate report is built from; a store failure never fails the message. */
    private void record(ReportStore store, SessionInfo session, Envelope envelope, AuthVerdict verdict, byte[] message) {
        Optional<DmarcDiscovery.Found> found = switch (verdict.dmarc()) {
            case DmarcResult.Pass p -> Optional.of(p.policy());
            case DmarcResult.Fail f -> Optional.of(f.policy());
            // RFC 9990 §3: only messages evaluated against a published policy are reported.
            case DmarcResult.None n -> Optional.empty();
            case DmarcResult.TempError t -> Optional.empty();
            case DmarcResult.PermError p -> Optional.empty();
        };
        if (found.isEmpty()) {
            return;
        }
        failures.ifPresent(f -> f.evaluated(verdict, client(session), message));
        DmarcRecord rec = found.get().record();
        boolean dkimAligned = verdict.dmarc() instanceof DmarcResult.Pass p && p.dkimAligned();
        boolean spfAligned = verdict.dmarc() instanceof DmarcResult.Pass p && p.spfAligned();
        SpfCheck spf = verdict.spf();
        List<ReportStore.DkimOutcome> dkim = verdict.dkim().stream().map(d -> new ReportStore.DkimOutcome(
                d.info().domain(), d.info().selector(), d.keyword())).toList();
        String envelopeTo = envelope.recipients().isEmpty() ? "" : envelope.recipients().getFirst().address().domain().name();
        try {
            store.recordDmarc(new ReportStore.DmarcEvaluation(clock.instant(), client(session).getHostAddress(),
                    verdict.dmarc().fromDomain(), spf.mailFrom(), envelopeTo, spf.helo(), found.get().domain(),
                    spf.spfDomain(), spf.mailFrom().isEmpty() ? "helo" : "mfrom", spf.result().keyword(), spfAligned,
                    dkim, dkimAligned, new ReportStore.PublishedPolicy(rec.policy().keyword(),
                            rec.subdomainPolicy().map(DmarcRecord.Policy::keyword),
                            rec.nonexistentPolicy().map(DmarcRecord.Policy::keyword), rec.dkimAlignment().keyword(),
                            rec.spfAlignment().keyword(), rec.testing(), rec.failureOptions()),
                    verdict.disposition().reportKeyword()));
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("conn", session.connectionId()).setCause(e).log("cannot record the DMARC evaluation");
        }
    }

    private static InetAddress client(SessionInfo session) {
        return session.remote().getAddress();
    }

    private static String withoutFinalCrlf(String field) {
        return field.endsWith("\r\n") ? field.substring(0, field.length() - 2) : field;
    }
}
