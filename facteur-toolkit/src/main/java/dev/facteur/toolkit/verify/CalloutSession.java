package dev.facteur.toolkit.verify;

import dev.facteur.smtp.client.SmtpClient;
import dev.facteur.smtp.client.SmtpClientException;
import dev.facteur.smtp.client.SmtpClientSettings;
import dev.facteur.smtp.client.SmtpReply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One SMTP callout session with one host address for some addresses of one domain, over the
 * outbound {@link SmtpClient}: EHLO (HELO if refused), MAIL FROM, one RCPT TO per address (several
 * per transaction), a random local part to detect a catch-all, then RSET and QUIT. Never DATA.
 * Each target ends decided, marked temporary, or with the failure that sends us to the next host.
 * A watchdog closes the connection when the whole session overruns its limit, so that a server
 * trickling bytes cannot hold us longer than that.
 */
final class CalloutSession {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("callout-session-watchdog").factory());

    private final VerifierConfig config;
    private final MailHost host;
    private final InetAddress address;
    private final Supplier<String> randomLocalPart;

    CalloutSession(VerifierConfig config, MailHost host, InetAddress address, Supplier<String> randomLocalPart) {
        this.config = config;
        this.host = host;
        this.address = address;
        this.randomLocalPart = randomLocalPart;
    }

    /** Runs the session for the given targets; never throws for network or protocol trouble. */
    void run(List<Target> targets) {
        String where = host.name() + " (" + address.getHostAddress() + ")";
        SmtpClientSettings settings = new SmtpClientSettings(config.connectTimeout(), config.readTimeout(),
                config.readTimeout(), config.readTimeout(), config.readTimeout(), config.readTimeout(), Optional.empty());
        AtomicBoolean overran = new AtomicBoolean();
        SmtpClient[] client = new SmtpClient[1];
        boolean[] done = new boolean[1];
        Thread caller = Thread.currentThread();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            synchronized (done) {
                if (done[0]) {
                    return;
                }
                overran.set(true);
                if (client[0] != null) {
                    client[0].close();
                } else {
                    // Still inside connect or the greeting: interrupting a virtual thread blocked on a
                    // socket closes that socket (callouts always run on virtual threads).
                    caller.interrupt();
                }
            }
        }, config.sessionLimit().toMillis(), TimeUnit.MILLISECONDS);
        try {
            SmtpClient c = SmtpClient.connect(new InetSocketAddress(address, config.smtpPort()), settings);
            synchronized (done) {
                client[0] = c;
                if (overran.get()) {
                    c.close();
                }
            }
            converse(c, targets);
        } catch (SmtpClientException e) {
            Reason reason = overran.get() ? Reason.TIMEOUT : switch (e.kind()) {
                case CONNECT_FAILED -> Reason.CONNECTION_FAILED;
                case TIMEOUT -> Reason.TIMEOUT;
                case CONNECTION_LOST -> Reason.CONNECTION_FAILED;
                case PROTOCOL_ERROR, TLS_UNAVAILABLE, TLS_FAILED, AUTH_FAILED -> Reason.PROTOCOL_ERROR;
            };
            failAll(targets, reason, where + ": " + (overran.get() ? "session time limit reached" : e.getMessage()));
        } finally {
            watchdog.cancel(false);
            synchronized (done) {
                done[0] = true;
            }
            if (overran.get()) {
                // The watchdog's interrupt, if any, was meant for the socket only.
                Thread.interrupted();
            }
            if (client[0] != null) {
                client[0].close();
            }
        }
    }

    private void converse(SmtpClient c, List<Target> targets) throws SmtpClientException {
        SmtpReply banner = c.greeting();
        shared(targets, "", banner);
        // RFC 5321 §3.1: 554 instead of 220 means no service here; 421 means busy, try later or elsewhere.
        if (!banner.isPositive()) {
            refuseOrTemp(targets, banner);
            return;
        }
        SmtpReply ehlo = c.ehlo(config.heloName());
        shared(targets, "EHLO " + config.heloName(), ehlo);
        if (!ehlo.isPositive()) {
            // RFC 5321 §4.1.4: a server that does not know EHLO still takes HELO.
            SmtpReply helo = c.helo(config.heloName());
            shared(targets, "HELO " + config.heloName(), helo);
            if (!helo.isPositive()) {
                refuseOrTemp(targets, helo);
                return;
            }
        }
        boolean utf8 = c.capabilities().smtpUtf8();
        List<Target> ready = new ArrayList<>();
        for (Target t : targets) {
            if (t.address.needsUtf8() && !utf8) {
                // RFC 6531 §3.2: without SMTPUTF8 the server cannot take a UTF-8 address at all.
                t.evidence.add(new Evidence.Note(host.name() + " does not offer SMTPUTF8, which this address needs"));
                t.decide(Reason.SMTPUTF8_UNSUPPORTED);
            } else {
                ready.add(t);
            }
        }
        transactions(c, ready, utf8);
        c.quit();
    }

    private void transactions(SmtpClient c, List<Target> ready, boolean utf8) throws SmtpClientException {
        boolean catchAllProbed = false;
        boolean catchAll = false;
        int i = 0;
        while (i < ready.size()) {
            List<Target> chunk = ready.subList(i, Math.min(ready.size(), i + config.rcptsPerTransaction()));
            // RFC 6531 §3.4: the SMTPUTF8 parameter on MAIL FROM when a recipient needs it.
            List<String> params = utf8 && chunk.stream().anyMatch(t -> t.address.needsUtf8()) ? List.of("SMTPUTF8") : List.of();
            SmtpReply mr = c.mailFrom(config.mailFrom(), params);
            shared(chunk, "MAIL FROM:<" + config.mailFrom() + ">" + (params.isEmpty() ? "" : " SMTPUTF8"), mr);
            if (!mr.isPositive()) {
                refuseOrTemp(chunk, mr);
                return;
            }
            int sent = 0;
            for (Target t : chunk) {
                SmtpReply rr = c.rcptTo(t.address.toString(), List.of());
                t.evidence.add(Evidence.Smtp.of(host, t.address.toString(), "RCPT TO:<" + t.address + ">", rr));
                RcptOutcome o = RcptOutcome.of(rr);
                if (o == RcptOutcome.TOO_MANY) {
                    break;
                }
                sent++;
                apply(t, o, rr);
            }
            if (!catchAllProbed && chunk.stream().anyMatch(t -> t.decision() == Reason.MAILBOX_EXISTS)) {
                catchAllProbed = true;
                String probe = randomLocalPart.get() + "@" + chunk.getFirst().address.domain().name();
                SmtpReply pr = c.rcptTo(probe, List.of());
                catchAll = pr.isPositive();
                Evidence e = Evidence.Smtp.of(host, "", "RCPT TO:<" + probe + ">", pr);
                ready.forEach(t -> t.evidence.add(e));
            }
            // RFC 5321 §4.1.1.5: RSET ends the transaction; the next chunk starts a new one.
            c.rset();
            if (sent == 0) {
                chunk.getFirst().temporary(config.greylistDefaultDelay());
            }
            i += Math.max(1, sent);
        }
        if (catchAll) {
            for (Target t : ready) {
                t.catchAll = true;
                if (t.decision() == Reason.MAILBOX_EXISTS) {
                    t.decide(Reason.CATCH_ALL);
                }
            }
        }
    }

    private void apply(Target t, RcptOutcome o, SmtpReply r) {
        switch (o) {
            case ACCEPTED -> t.decide(Reason.MAILBOX_EXISTS);
            case NOT_FOUND -> t.decide(Reason.MAILBOX_NOT_FOUND);
            case DISABLED -> t.decide(Reason.MAILBOX_DISABLED);
            case FULL -> t.decide(Reason.MAILBOX_FULL);
            case REFUSED -> t.fail(Reason.CALLOUT_REFUSED);
            case TEMPORARY -> t.temporary(RcptOutcome.statedDelay(r).orElse(config.greylistDefaultDelay()));
            case TOO_MANY -> throw new IllegalStateException("TOO_MANY is handled by the transaction loop");
        }
    }

    private static void refuseOrTemp(List<Target> targets, SmtpReply r) {
        for (Target t : targets) {
            if (!t.decided()) {
                t.fail(r.isTransient() ? Reason.TEMPORARY_FAILURE : Reason.CALLOUT_REFUSED);
            }
        }
    }

    private void shared(List<Target> targets, String command, SmtpReply r) {
        Evidence e = Evidence.Smtp.of(host, "", command, r);
        targets.forEach(t -> t.evidence.add(e));
    }

    private static void failAll(List<Target> targets, Reason reason, String note) {
        Evidence e = new Evidence.Note(dev.facteur.toolkit.report.Printable.of(note, 300));
        for (Target t : targets) {
            if (!t.decided() && !t.isTemporary()) {
                t.evidence.add(e);
                t.fail(reason);
            }
        }
    }
}
