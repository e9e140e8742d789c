package dev.facteur.toolkit.verify;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * One SMTP callout session with one host address for some addresses of one domain: EHLO, MAIL
 * FROM, one RCPT TO per address (several per transaction), a random local part to detect a
 * catch-all, then RSET and QUIT. Never DATA. Each target is decided, marked temporary, or left
 * with the failure that should make us try the next host.
 */
final class CalloutSession {

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

    /** Runs the session for the targets not yet decided; never throws for network or protocol trouble. */
    void run(List<Target> targets) {
        String where = host.name() + " (" + address.getHostAddress() + ")";
        try (CalloutConnection c = CalloutConnection.open(new InetSocketAddress(address, config.smtpPort()),
                config.connectTimeout(), config.readTimeout(), config.sessionLimit())) {
            converse(c, targets);
        } catch (SmtpProtocolException e) {
            failAll(targets, Reason.PROTOCOL_ERROR, where + ": " + e.getMessage());
        } catch (SocketTimeoutException e) {
            failAll(targets, Reason.TIMEOUT, where + ": no reply in time");
        } catch (IOException e) {
            failAll(targets, Reason.CONNECTION_FAILED, where + ": connection failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void converse(CalloutConnection c, List<Target> targets) throws IOException {
        SmtpReply banner = c.read();
        shared(targets, "", banner);
        // RFC 5321 §3.1: 554 instead of 220 means no service here; 421 means busy, try later or elsewhere.
        if (!banner.positive()) {
            refuseOrTemp(targets, banner);
            return;
        }
        SmtpReply ehlo = c.command("EHLO " + config.heloName());
        shared(targets, "EHLO " + config.heloName(), ehlo);
        boolean utf8 = false;
        if (!ehlo.positive()) {
            // RFC 5321 §4.1.4: a server that does not know EHLO still takes HELO.
            SmtpReply helo = c.command("HELO " + config.heloName());
            shared(targets, "HELO " + config.heloName(), helo);
            if (!helo.positive()) {
                refuseOrTemp(targets, helo);
                return;
            }
        } else {
            utf8 = ehlo.lines().stream().skip(1).anyMatch(l -> l.toUpperCase(Locale.ROOT).startsWith("SMTPUTF8"));
        }
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
        try {
            c.command("QUIT");
        } catch (IOException ignored) {
            // the verdicts are already made; a server that drops at QUIT changes nothing
        }
    }

    private void transactions(CalloutConnection c, List<Target> ready, boolean utf8) throws IOException {
        boolean catchAllProbed = false;
        boolean catchAll = false;
        int i = 0;
        while (i < ready.size()) {
            List<Target> chunk = ready.subList(i, Math.min(ready.size(), i + config.rcptsPerTransaction()));
            boolean needUtf8 = utf8 && chunk.stream().anyMatch(t -> t.address.needsUtf8());
            // RFC 6531 §3.4: the SMTPUTF8 parameter on MAIL FROM when a recipient needs it.
            String mail = "MAIL FROM:<" + config.mailFrom() + ">" + (needUtf8 ? " SMTPUTF8" : "");
            SmtpReply mr = c.command(mail);
            shared(chunk, mail, mr);
            if (!mr.positive()) {
                refuseOrTemp(chunk, mr);
                return;
            }
            int sent = 0;
            for (Target t : chunk) {
                String rcpt = "RCPT TO:<" + t.address + ">";
                SmtpReply rr = c.command(rcpt);
                t.evidence.add(Evidence.Smtp.of(host, t.address.toString(), rcpt, rr));
                RcptOutcome o = RcptOutcome.of(rr);
                if (o == RcptOutcome.TOO_MANY) {
                    break;
                }
                sent++;
                apply(t, o, rr);
            }
            if (!catchAllProbed && chunk.stream().anyMatch(t -> t.decision() == Reason.MAILBOX_EXISTS)) {
                catchAllProbed = true;
                String probe = "RCPT TO:<" + randomLocalPart.get() + "@" + chunk.getFirst().address.domain().name() + ">";
                SmtpReply pr = c.command(probe);
                catchAll = pr.positive();
                for (Target t : ready) {
                    t.evidence.add(Evidence.Smtp.of(host, "", probe, pr));
                }
            }
            // RFC 5321 §4.1.1.5: RSET ends the transaction; the next chunk starts a new one.
            c.command("RSET");
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

    private void refuseOrTemp(List<Target> targets, SmtpReply r) {
        for (Target t : targets) {
            if (!t.decided()) {
                t.fail(r.transientFailure() ? Reason.TEMPORARY_FAILURE : Reason.CALLOUT_REFUSED);
            }
        }
    }

    private void shared(List<Target> targets, String command, SmtpReply r) {
        Evidence e = Evidence.Smtp.of(host, "", command, r);
        for (Target t : targets) {
            t.evidence.add(e);
        }
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
