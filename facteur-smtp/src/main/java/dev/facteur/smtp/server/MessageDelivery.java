package dev.facteur.smtp.server;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.mime.MessageSummaries;
import dev.facteur.core.mime.MessageSummary;
import dev.facteur.smtp.outbound.Srs;
import dev.facteur.smtp.proto.Replies;
import dev.facteur.smtp.proto.SmtpReply;
import dev.facteur.store.BlobId;
import dev.facteur.store.Delivery;
import dev.facteur.store.Mailbox;
import dev.facteur.store.SpecialUse;
import dev.facteur.store.NewMessage;
import dev.facteur.store.StagedBlob;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import dev.facteur.store.QuotaExceededException;
import dev.facteur.store.Resolution;
import dev.facteur.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes an accepted message to where it goes: local INBOXes (with Return-Path and Received) and
 * the outbound queue (with Received, after the signing hook), in one {@link Store#deliver}: one
 * commit makes the bytes, every INBOX copy and every queue entry durable together. Returns 250
 * only after it returned (Store's contract).
 */
final class MessageDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(MessageDelivery.class);
    private static final char[] ID_CHARS = "0123456789BCDFGHJKLMNPQRSTVWXYZ".toCharArray();

    private final Store store;
    private final String hostname;
    private final InstantSource clock;
    private final PolicyChain policy;
    private final OutboundSigner signer;
    private final int maxReceived;
    private final Optional<Srs> srs;
    private final SecureRandom random = new SecureRandom();
    /**
     * INBOX of each account, looked up once: an INBOX keeps its id for the account's life (RFC 9051
     * §6.3.6: renaming INBOX moves its messages out and leaves INBOX in place). Cleared when full,
     * and after a failed delivery (the account may have been deleted).
     */
    private final Map<Long, Mailbox> inboxes = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_INBOXES = 100_000;

    MessageDelivery(Store store, String hostname, InstantSource clock, PolicyChain policy, OutboundSigner signer,
                    int maxReceived, Optional<Srs> srs) {
        this.store = store;
        this.srs = srs;
        this.hostname = hostname;
        this.clock = clock;
        this.policy = policy;
        this.signer = signer;
        this.maxReceived = maxReceived;
    }

    /** The transaction as the session saw it, for the trace header. */
    record Context(SessionInfo session, Envelope envelope, String helo) {}

    SmtpReply deliver(Context ctx, byte[] message) {
        // RFC 5321 §6.3: a message that has passed too many relays is looping.
        if (TraceHeaders.countReceived(message) > maxReceived) {
            return Replies.MAIL_LOOP;
        }
        Verdict verdict = policy.evaluate(stage -> stage.onMessage(ctx.session(), ctx.envelope(), message));
        List<String> extraHeaders;
        Verdict.Folder folder;
        switch (verdict) {
            case Verdict.Accept a -> {
                extraHeaders = a.prependHeaders();
                folder = a.folder();
            }
            case Verdict.Continue c -> {
                extraHeaders = c.prependHeaders();
                folder = c.folder();
            }
            case Verdict.Reject r -> {
                return r.reply();
            }
            case Verdict.TempFail t -> {
                return t.reply();
            }
            case Verdict.Disconnect d -> {
                return d.reply(); // a 421: the session closes after sending it
            }
        }
        String id = newId();
        try {
            store(ctx, policy.sanitise(ctx.session(), message), new Filing(extraHeaders, folder), id);
            return Replies.accepted(id);
        } catch (QuotaExceededException e) {
            // RFC 3463 X.2.2: this message would take a mailbox over quota; nothing was appended.
            LOG.atInfo().addKeyValue("conn", ctx.session().connectionId()).addKeyValue("reason", e.getMessage())
                    .log("refused over quota");
            return Replies.MAILBOX_FULL;
        } catch (IOException | RuntimeException e) {
            inboxes.clear();
            LOG.atError().addKeyValue("conn", ctx.session().connectionId()).addKeyValue("id", id).setCause(e)
                    .log("delivery failed; answering 451");
            return Replies.LOCAL_ERROR;
        }
    }

    /** What the policy decided about how to file the message: header fields to add and the folder. */
    private record Filing(List<String> extraHeaders, Verdict.Folder folder) {}

    private void store(Context ctx, byte[] message, Filing filing, String id) throws IOException {
        Envelope env = ctx.envelope();
        SessionInfo s = ctx.session();
        boolean utf8 = env.parameters().smtpUtf8();
        Instant now = clock.instant();
        String received = TraceHeaders.received(new TraceHeaders.Stamp(ctx.helo(), s.remote(), hostname,
                TraceHeaders.withProtocol(s.esmtp(), utf8, s.tls().isPresent(), s.account().isPresent()), id,
                s.tls(), now));
        StringBuilder head = new StringBuilder(received.length() + 128);
        for (String h : filing.extraHeaders()) {
            head.append(h).append("\r\n");
        }
        head.append(received);
        byte[] trace = head.toString().getBytes(StandardCharsets.UTF_8);

        Map<Long, Resolution.LocalTarget> locals = new LinkedHashMap<>();
        Outbound out = new Outbound(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        collect(env, locals, out, utf8);
        Optional<String> forwardSender = forwardSender(env, out, utf8);
        List<OutboundRecipient> remote = new ArrayList<>(out.remote());
        if (forwardSender.equals(env.sender().map(a -> TraceHeaders.pathForm(a, utf8)))) {
            remote.addAll(out.forwarded()); // no rewriting: one queue entry with the original sender
            out.forwarded().clear();
        }

        // Each stored copy is built with one allocation and one copy of the message octets.
        List<StagedBlob> blobs = new ArrayList<>(2);
        List<Map.Entry<Long, NewMessage>> appends = List.of();
        if (!locals.isEmpty()) {
            byte[] local = concat(TraceHeaders.returnPath(env.sender(), utf8).getBytes(StandardCharsets.UTF_8), trace,
                    message);
            StagedBlob blob = StagedBlob.of(local);
            blobs.add(blob);
            appends = appends(locals, local, blob.id(), now, filing.folder());
        }
        List<OutboundMessage> queued = new ArrayList<>(2);
        if (!remote.isEmpty() || !out.forwarded().isEmpty()) {
            StagedBlob blob = StagedBlob.of(signer.sign(s, env, concat(new byte[0], trace, message)));
            blobs.add(blob);
            if (!remote.isEmpty()) {
                queued.add(queued(env, env.sender().map(a -> TraceHeaders.pathForm(a, utf8)), remote, blob, now));
            }
            if (!out.forwarded().isEmpty()) {
                queued.add(queued(env, forwardSender, out.forwarded(), blob, now));
            }
        }
        // One commit for the bytes (inline in the database when small), the INBOX copies and the
        // queue entries: all of them are durable when this returns, or none is visible.
        store.deliver(new Delivery(blobs, appends, queued));
        LOG.atInfo().addKeyValue("conn", s.connectionId()).addKeyValue("id", id)
                .addKeyValue("size", message.length).addKeyValue("local", locals.size())
                .addKeyValue("remote", remote.size() + out.forwarded().size()).log("message accepted");
    }

    private static OutboundMessage queued(Envelope env, Optional<String> sender, List<OutboundRecipient> rcpts,
                                          StagedBlob blob, Instant now) {
        return new OutboundMessage(sender, rcpts, blob.id(), blob.size(), env.parameters().ret(),
                env.parameters().envId(), env.parameters().smtpUtf8(),
                env.parameters().body() != dev.facteur.smtp.proto.MailParameters.Body.SEVEN_BIT,
                env.parameters().requireTls(), now);
    }

    /**
     * Remote recipients by the envelope sender they go out with: the original sender (submission to
     * other domains, reversed SRS bounces) or, for copies an alias forwards, the SRS-rewritten one.
     * {@code viaDomain} is the first forwarding alias's domain, the domain the rewritten sender is in.
     */
    private record Outbound(List<OutboundRecipient> remote, List<OutboundRecipient> forwarded, List<String> viaDomain) {}

    /**
     * The envelope sender of forwarded copies: SRS-rewritten into the alias's domain so that the
     * next hop's SPF check passes for us and bounces come back to us to be reversed. The null
     * sender stays null (RFC 5321 §4.5.5: a bounce is never sent with a non-null reverse-path), and a
     * sender in one of our own domains needs no rewriting.
     */
    private Optional<String> forwardSender(Envelope env, Outbound out, boolean utf8) {
        Optional<String> original = env.sender().map(a -> TraceHeaders.pathForm(a, utf8));
        if (srs.isEmpty() || env.sender().isEmpty() || out.forwarded().isEmpty()
                || store.directory().resolve(env.sender().get()).isPresent()) {
            return original;
        }
        return Optional.of(srs.get().forward(env.sender().get(), out.viaDomain().getFirst()));
    }

    /** Splits the recipients into local accounts (each once) and remote addresses (RFC 3461 parameters kept). */
    private static void collect(Envelope env, Map<Long, Resolution.LocalTarget> locals, Outbound out, boolean utf8) {
        for (AcceptedRecipient r : env.recipients()) {
            Optional<String> orcpt = r.parameters().orcpt();
            switch (r.destination()) {
                case AcceptedRecipient.Destination.Remote x ->
                        out.remote().add(new OutboundRecipient(TraceHeaders.pathForm(r.address(), utf8), r.parameters().notifyOn(), orcpt));
                // A verified SRS address: the mail (a bounce, as a rule) goes on to the original sender.
                case AcceptedRecipient.Destination.SrsReversed back ->
                        out.remote().add(new OutboundRecipient(TraceHeaders.pathForm(back.original(), utf8),
                                r.parameters().notifyOn(), Optional.of(orcpt.orElse("rfc822;" + r.address()))));
                case AcceptedRecipient.Destination.Local l -> {
                    for (Resolution.LocalTarget t : l.delivery().local()) {
                        locals.putIfAbsent(t.account().id(), t);
                    }
                    for (EmailAddress forward : l.delivery().external()) {
                        // RFC 3461 §4.2: keep the original recipient when an alias forwards.
                        out.forwarded().add(new OutboundRecipient(TraceHeaders.pathForm(forward, utf8), r.parameters().notifyOn(),
                                Optional.of(orcpt.orElse("rfc822;" + r.address()))));
                        if (out.viaDomain().isEmpty()) {
                            out.viaDomain().add(r.address().domain().name());
                        }
                    }
                }
            }
        }
    }

    private List<Map.Entry<Long, NewMessage>> appends(Map<Long, Resolution.LocalTarget> locals, byte[] bytes,
                                                      BlobId blob, Instant now, Verdict.Folder folder) {
        MessageSummary summary = MessageSummaries.derive(bytes);
        byte[] encoded = MessageSummaries.encode(summary);
        List<Map.Entry<Long, NewMessage>> deliveries = new ArrayList<>(locals.size());
        // One message record for every copy: same blob, summary and cached header (for IMAP FETCH).
        NewMessage message = NewMessage.received(blob, bytes, now, encoded, summary.threadKey(),
                summary.body().bodyStart());
        for (Resolution.LocalTarget t : locals.values()) {
            // Sub-addressing (RFC 5233): user+tag is delivered to INBOX like user.
            Mailbox target = mailboxFor(t.account().id(), folder);
            deliveries.add(Map.entry(target.id(), message));
        }
        return deliveries;
    }

    /** INBOX, or for quarantine the account's \\Junk mailbox (RFC 6154), falling back to INBOX if it has none. */
    private Mailbox mailboxFor(long accountId, Verdict.Folder folder) {
        Mailbox inbox = inboxes.get(accountId);
        if (inbox == null) {
            inbox = store.mailboxes().find(accountId, Mailbox.INBOX)
                    .orElseThrow(() -> new IllegalStateException("account " + accountId + " has no INBOX"));
            if (inboxes.size() >= MAX_CACHED_INBOXES) {
                inboxes.clear();
            }
            inboxes.put(accountId, inbox);
        }
        Mailbox found = inbox;
        return switch (folder) {
            case INBOX -> found;
            case JUNK -> store.mailboxes().list(accountId).stream()
                    .filter(m -> m.specialUse().equals(Optional.of(SpecialUse.JUNK))).findFirst().orElse(found);
        };
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] out = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }

    private String newId() {
        char[] c = new char[12];
        for (int i = 0; i < c.length; i++) {
            c[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return new String(c);
    }
}
