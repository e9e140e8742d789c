package dev.facteur.smtp.outbound;

import dev.facteur.smtp.client.EhloCapabilities;
import dev.facteur.smtp.client.EnhancedStatus;
import dev.facteur.smtp.client.Envelope;
import dev.facteur.smtp.client.MessageContent;
import dev.facteur.smtp.client.SmtpClient;
import dev.facteur.smtp.client.SmtpClientException;
import dev.facteur.smtp.client.SmtpReply;
import dev.facteur.smtp.client.TlsPolicy;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one message to the recipients of one destination: tries each next-hop host and address
 * in order (RFC 5321 §5.1) until one takes the transaction, and maps the replies to per-recipient
 * outcomes.
 */
final class DestinationDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(DestinationDelivery.class);

    private final DeliverySettings settings;
    private final MxResolver mx;
    private final SSLContext pkix;
    private final DeliveryMetrics metrics;
    private final SessionPool pool;
    private final TlsSessionObserver observer;

    DestinationDelivery(DeliverySettings settings, MxResolver mx, SSLContext pkix, DeliveryMetrics metrics, SessionPool pool,
                        TlsSessionObserver observer) {
        this.observer = observer;
        this.settings = settings;
        this.mx = mx;
        this.pkix = pkix;
        this.metrics = metrics;
        this.pool = pool;
    }

    /** A message and the recipients of one destination. */
    record Job(OutboundMessage message, List<OutboundRecipient> recipients, MessageContent content) {
        Job {
            recipients = List.copyOf(recipients);
        }
    }

    /** A session's result: outcomes for every recipient, or a reason to try the next host. */
    private sealed interface Session {
        /** @param reusable the transaction completed and the session may carry another */
        record Done(List<Outcome> outcomes, boolean reusable) implements Session {
        }

        record TryNext(SmtpReply reason, Optional<String> host, boolean permanent) implements Session {
        }
    }

    List<Outcome> deliver(Job job, List<NextHop> hops) {
        Session.TryNext last = null;
        for (NextHop hop : hops) {
            MxResolver.HostAddresses addresses = mx.addresses(hop.host(), settings.ipv6());
            if (addresses.addresses().isEmpty()) {
                last = new Session.TryNext(SmtpReply.of(451, EnhancedStatus.of(4, 4, 4),
                        "No address for " + hop.host()), Optional.empty(), false);
                continue;
            }
            for (InetAddress address : addresses.addresses()) {
                Session s = attempt(job, hop, address, hop.tls());
                switch (s) {
                    case Session.Done d -> {
                        return d.outcomes();
                    }
                    case Session.TryNext t -> {
                        LOG.debug("delivery via {} [{}] failed: {}", hop.host(), address.getHostAddress(), t.reason());
                        last = t;
                    }
                }
            }
        }
        Session.TryNext reason = last != null ? last : new Session.TryNext(
                SmtpReply.of(451, EnhancedStatus.of(4, 4, 4), "No host to deliver to"), Optional.empty(), false);
        List<Outcome> out = new ArrayList<>();
        for (OutboundRecipient r : job.recipients()) {
            out.add(reason.permanent() ? new Outcome.Failed(r.address(), reason.reason(), reason.host())
                    : new Outcome.Deferred(r.address(), reason.reason(), reason.host()));
        }
        return out;
    }

    private Session attempt(Job job, NextHop hop, InetAddress address, TlsRequirement tls) {
        Optional<String> host = Optional.of(hop.host());
        SessionPool.Key key = new SessionPool.Key(hop.host(), address, hop.port(), tls, hop.credentials().isPresent());
        Optional<SmtpClient> idle = pool.take(key);
        if (idle.isPresent()) {
            try {
                return finish(key, idle.get(), transact(idle.get(), job, hop));
            } catch (SmtpClientException stale) {
                // The peer closed the idle session: start afresh on a new connection.
                idle.get().close();
            }
        }
        SmtpClient client = null;
        try {
            client = hop.implicitTls()
                    ? SmtpClient.connectTls(new InetSocketAddress(address, hop.port()), settings.client(),
                            new TlsPolicy.Pkix(pkix, hop.host()), hop.host())
                    : SmtpClient.connect(new InetSocketAddress(address, hop.port()), settings.client());
            Optional<Session> refused = establish(client, hop, tls, tlsReport(job, hop, address, tls));
            if (refused.isPresent()) {
                client.quit();
                return refused.get();
            }
            return finish(key, client, transact(client, job, hop));
        } catch (SmtpClientException e) {
            if (client != null) {
                client.close();
            }
            if (e.kind() == SmtpClientException.Kind.TLS_FAILED && !tls.mandatory()) {
                // RFC 7435 §1.2 / RFC 8461 §5 testing: a failed handshake falls back to plain text.
                metrics.tls("failed");
                if (tls instanceof TlsRequirement.Pkix) {
                    metrics.mtaSts("testing-failure");
                }
                return attemptPlain(job, hop, address);
            }
            if (e.kind() == SmtpClientException.Kind.TLS_FAILED) {
                metrics.tls("failed");
            }
            return new Session.TryNext(failureReply(e), host, false);
        }
    }

    /** Keeps a session whose transaction completed for the next message; ends any other. */
    private Session finish(SessionPool.Key key, SmtpClient client, Session s) {
        if (s instanceof Session.Done d && d.reusable()) {
            pool.offer(key, client);
        } else {
            client.quit();
        }
        return s;
    }

    private Session attemptPlain(Job job, NextHop hop, InetAddress address) {
        try (SmtpClient client = SmtpClient.connect(new InetSocketAddress(address, hop.port()), settings.client())) {
            Optional<Session> refused = establish(client, hop, null, failure -> { });
            Session s = refused.isPresent() ? refused.get() : transact(client, job, hop);
            client.quit();
            return s;
        } catch (SmtpClientException e) {
            return new Session.TryNext(failureReply(e), Optional.of(hop.host()), false);
        }
    }

    /**
     * Greeting, EHLO, STARTTLS and AUTH; a reason to try the next host if the session cannot be
     * used. {@code tls} null means "do not even try STARTTLS" (after a failed handshake).
     */
    private Optional<Session> establish(SmtpClient client, NextHop hop, TlsRequirement tls,
                                        Consumer<Optional<String>> tlsReport) throws SmtpClientException {
        Optional<String> host = Optional.of(hop.host());
        if (!client.greeting().isPositive()) {
            // RFC 5321 §3.1: a 554 greeting means this host will not serve us; try the next.
            return Optional.of(new Session.TryNext(client.greeting(), host, false));
        }
        SmtpReply ehlo = client.ehlo(settings.hostname());
        if (!ehlo.isPositive()) {
            ehlo = client.helo(settings.hostname());
            if (!ehlo.isPositive()) {
                return Optional.of(new Session.TryNext(ehlo, host, false));
            }
        }
        Optional<Session> tlsProblem = tls == null ? plainCheck(hop, host)
                : hop.implicitTls() ? implicit() : secure(client, hop, tls, tlsReport);
        if (tlsProblem.isPresent()) {
            return tlsProblem;
        }
        if (hop.credentials().isPresent()) {
            SmtpReply auth = client.auth(hop.credentials().get().user(), hop.credentials().get().password());
            if (auth.code() != 235) {
                return Optional.of(new Session.TryNext(auth, host, false));
            }
        }
        return Optional.empty();
    }

    /** One mail transaction on an established session. */
    private Session transact(SmtpClient client, Job job, NextHop hop) throws SmtpClientException {
        Optional<String> host = Optional.of(hop.host());
        OutboundMessage m = job.message();
        EhloCapabilities caps = client.capabilities();
        if (m.requireTls() && !(client.tlsSession().isPresent() && caps.requireTls() && hop.authenticatedRoute()
                && !(hop.tls() instanceof TlsRequirement.Opportunistic))) {
            // RFC 8689 §4.2.1: REQUIRETLS needs an authenticated route, a verified certificate and the extension.
            return new Session.TryNext(SmtpReply.of(550, EnhancedStatus.of(5, 7, 30),
                    "REQUIRETLS support required but not available at " + hop.host()), host, true);
        }
        Optional<List<Outcome>> refused = refuseUnsendable(job, caps, host);
        if (refused.isPresent()) {
            return new Session.Done(refused.get(), true);
        }
        var result = client.send(envelope(job, caps), job.content(), true);
        if (result.mailReply().isTransient()) {
            return new Session.TryNext(result.mailReply(), host, false);
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < job.recipients().size(); i++) {
            outcomes.add(outcome(job.recipients().get(i), result.mailReply(), result.rcptReplies(), i,
                    result.dataReply(), caps, host));
        }
        // RFC 5321 §4.1.4: after a completed transaction (final reply to the data) the session is
        // ready for another MAIL; after anything else it is ended.
        return new Session.Done(outcomes, result.dataReply().isPresent() && !result.dataReply().get().isIntermediate());
    }

    /** The session is already TLS from its first byte, the certificate checked for the relay's name. */
    private Optional<Session> implicit() {
        metrics.tls("pkix");
        return Optional.empty();
    }

    /** RFC 8460 §4: reports one session's TLS outcome for the recipients' domain; relays are not reported. */
    private Consumer<Optional<String>> tlsReport(Job job, NextHop hop, InetAddress address, TlsRequirement tls) {
        if (hop.credentials().isPresent() || job.recipients().isEmpty()) {
            return failure -> { };
        }
        String address0 = job.recipients().getFirst().address();
        String domain = address0.substring(address0.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return failure -> {
            try {
                observer.observed(new TlsSessionObserver.TlsSessionResult(domain, TlsSessionObserver.policyType(tls),
                        TlsSessionObserver.policyStrings(tls), hop.host(), address, failure));
            } catch (RuntimeException e) {
                LOG.warn("TLS report observer failed", e);
            }
        };
    }

    private Optional<Session> plainCheck(NextHop hop, Optional<String> host) {
        metrics.tls("none");
        return Optional.empty();
    }

    /** STARTTLS as the hop requires; a problem that forbids going on is returned. */
    private Optional<Session> secure(SmtpClient client, NextHop hop, TlsRequirement tls,
                                     Consumer<Optional<String>> tlsReport) throws SmtpClientException {
        Optional<String> host = Optional.of(hop.host());
        if (!client.capabilities().startTls()) {
            tlsReport.accept(Optional.of("starttls-not-supported")); // RFC 8460 §4.3.1
            if (tls.mandatory()) {
                metrics.tls("failed");
                // RFC 3207 §4.1 with RFC 8461 §4.2 / RFC 7672 §2.2: TLS is required and not offered.
                return Optional.of(new Session.TryNext(SmtpReply.of(451, EnhancedStatus.of(4, 7, 5),
                        "STARTTLS required but not offered by " + hop.host()), host, false));
            }
            metrics.tls("none");
            return Optional.empty();
        }
        TlsPolicy policy = switch (tls) {
            case TlsRequirement.Opportunistic o -> new TlsPolicy.Opportunistic();
            case TlsRequirement.Pkix p -> new TlsPolicy.Pkix(pkix, hop.host());
            // RFC 7672 §3.2.2: the reference identifier is the MX host name.
            case TlsRequirement.Dane d -> new TlsPolicy.Dane(d.records(), Set.of(hop.host()));
        };
        SmtpReply r;
        try {
            r = client.startTls(policy, hop.host());
        } catch (SmtpClientException e) {
            if (e.kind() == SmtpClientException.Kind.TLS_FAILED) {
                tlsReport.accept(Optional.of(TlsSessionObserver.handshakeFailure(tls, e)));
            }
            throw e;
        }
        tlsReport.accept(r.code() == 220 ? Optional.empty() : Optional.of("starttls-not-supported"));
        if (r.code() != 220) {
            if (tls.mandatory()) {
                metrics.tls("failed");
                return Optional.of(new Session.TryNext(r, host, false));
            }
            metrics.tls("none");
            return Optional.empty();
        }
        metrics.tls(switch (tls) {
            case TlsRequirement.Opportunistic o -> "opportunistic";
            case TlsRequirement.Pkix p -> "pkix";
            case TlsRequirement.Dane d -> "dane";
        });
        SmtpReply ehlo = client.ehlo(settings.hostname());
        if (!ehlo.isPositive()) {
            return Optional.of(new Session.TryNext(ehlo, host, false));
        }
        return Optional.empty();
    }

    /** Refusals decided from the peer's extensions before MAIL: size and SMTPUTF8. */
    private static Optional<List<Outcome>> refuseUnsendable(Job job, EhloCapabilities caps, Optional<String> host) {
        SmtpReply refusal = null;
        if (caps.maxSize().isPresent() && job.message().size() > caps.maxSize().getAsLong()) {
            // RFC 1870 §6.1: a message larger than the fixed maximum is a permanent failure (552, 5.3.4).
            refusal = SmtpReply.of(552, EnhancedStatus.of(5, 3, 4), "Message too big for " + host.orElse("peer"));
        } else if (job.message().smtpUtf8() && !caps.smtpUtf8()) {
            // RFC 6531 §3.2 / RFC 6533: an internationalised message cannot go to a peer without SMTPUTF8.
            refusal = SmtpReply.of(553, EnhancedStatus.of(5, 6, 7), "Peer does not support SMTPUTF8");
        }
        if (refusal == null) {
            return Optional.empty();
        }
        List<Outcome> out = new ArrayList<>();
        for (OutboundRecipient r : job.recipients()) {
            out.add(new Outcome.Failed(r.address(), refusal, host));
        }
        return Optional.of(out);
    }

    private static Envelope envelope(Job job, EhloCapabilities caps) {
        OutboundMessage m = job.message();
        List<String> mail = new ArrayList<>();
        if (caps.sizeOffered()) {
            mail.add("SIZE=" + m.size()); // RFC 1870 §5
        }
        if (m.eightBit() && caps.eightBitMime()) {
            mail.add("BODY=8BITMIME"); // RFC 6152 §3
        }
        if (m.smtpUtf8()) {
            mail.add("SMTPUTF8"); // RFC 6531 §3.4
        }
        if (m.requireTls()) {
            mail.add("REQUIRETLS"); // RFC 8689 §4.1
        }
        if (caps.dsn()) {
            // RFC 3461 §4.3-4.4: RET and ENVID travel on when the peer supports DSN.
            m.ret().filter(DestinationDelivery::safeValue).ifPresent(r -> mail.add("RET=" + r.toUpperCase(Locale.ROOT)));
            m.envId().filter(DestinationDelivery::safeValue).ifPresent(e -> mail.add("ENVID=" + e));
        }
        List<Envelope.Recipient> rcpts = new ArrayList<>();
        for (OutboundRecipient r : job.recipients()) {
            List<String> params = new ArrayList<>();
            if (caps.dsn()) {
                // RFC 3461 §4.1-4.2: NOTIFY and ORCPT.
                r.notifyOn().filter(DestinationDelivery::safeValue).ifPresent(n -> params.add("NOTIFY=" + n.toUpperCase(Locale.ROOT)));
                r.orcpt().filter(DestinationDelivery::safeValue).ifPresent(o -> params.add("ORCPT=" + o));
            }
            rcpts.add(new Envelope.Recipient(r.address(), params));
        }
        return new Envelope(m.sender().orElse(""), mail, rcpts);
    }

    /** RFC 3461 §4: xtext values are printable ASCII without space or "=". */
    private static boolean safeValue(String v) {
        return !v.isEmpty() && v.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '=');
    }

    private static Outcome outcome(OutboundRecipient r, SmtpReply mail, List<SmtpReply> rcpts, int i,
                                   Optional<SmtpReply> data, EhloCapabilities caps, Optional<String> host) {
        if (!mail.isPositive()) {
            return classify(r.address(), mail, host);
        }
        SmtpReply rcpt = rcpts.get(i);
        if (!rcpt.isPositive()) {
            return classify(r.address(), rcpt, host);
        }
        SmtpReply d = data.orElse(SmtpReply.of(451, EnhancedStatus.of(4, 4, 2), "No reply to message data"));
        if (!d.isPositive()) {
            return classify(r.address(), d, host);
        }
        // RFC 3461 §5.2.2: a peer without DSN cannot pass NOTIFY=SUCCESS on, so we report "relayed".
        boolean relayed = !caps.dsn() && DsnNotify.of(r).success();
        return new Outcome.Delivered(r.address(), d, host, relayed);
    }

    private static Outcome classify(String rcpt, SmtpReply reply, Optional<String> host) {
        // RFC 5321 §4.2.1: 5yz is permanent; anything else not positive is retried.
        return reply.isPermanent() ? new Outcome.Failed(rcpt, reply, host) : new Outcome.Deferred(rcpt, reply, host);
    }

    private static SmtpReply failureReply(SmtpClientException e) {
        // RFC 3463 §3.5: X.4.1 no answer from host, X.4.2 bad connection, X.4.7 is expiry; X.7.x security.
        return switch (e.kind()) {
            case CONNECT_FAILED -> SmtpReply.of(451, EnhancedStatus.of(4, 4, 1), "Connection failed");
            case TIMEOUT -> SmtpReply.of(451, EnhancedStatus.of(4, 4, 2), "Timed out");
            case CONNECTION_LOST -> SmtpReply.of(451, EnhancedStatus.of(4, 4, 2), "Connection lost");
            case PROTOCOL_ERROR -> SmtpReply.of(451, EnhancedStatus.of(4, 5, 0), "SMTP protocol error from peer");
            case TLS_UNAVAILABLE, TLS_FAILED -> SmtpReply.of(451, EnhancedStatus.of(4, 7, 5), "TLS negotiation failed");
            case AUTH_FAILED -> SmtpReply.of(451, EnhancedStatus.of(4, 7, 8), "Authentication with relay failed");
        };
    }
}
