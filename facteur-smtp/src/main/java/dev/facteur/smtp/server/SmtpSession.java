package dev.facteur.smtp.server;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.net.Connection;
import dev.facteur.core.net.Line;
import dev.facteur.smtp.proto.DotStreamReader;
import dev.facteur.smtp.proto.ForwardPath;
import dev.facteur.smtp.proto.MailParameters;
import dev.facteur.smtp.proto.MessageBuffer;
import dev.facteur.smtp.proto.MessageCheck;
import dev.facteur.smtp.proto.Replies;
import dev.facteur.smtp.proto.SmtpCommand;
import dev.facteur.smtp.proto.SmtpCommandParser;
import dev.facteur.smtp.proto.SmtpReply;
import dev.facteur.smtp.proto.SmtpSyntaxException;
import dev.facteur.store.Account;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP session: read a command, check it against {@link CommandRules}, handle it, reply.
 * Pipelined commands are handled one at a time in order; replies are buffered and leave in one
 * write when the reader runs out of input (RFC 2920 §3.1).
 */
final class SmtpSession {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpSession.class);

    private final SmtpContext ctx;
    private final Connection conn;
    private final SmtpRole role;
    private Optional<String> helo = Optional.empty();
    private boolean esmtp;
    private Optional<Account> account = Optional.empty();
    private Transaction tx;
    private int errors;

    /** The transaction in progress (RFC 5321 §3.3): from MAIL to the end of DATA or BDAT LAST. */
    private static final class Transaction {
        final Optional<EmailAddress> sender;
        final MailParameters parameters;
        final List<AcceptedRecipient> recipients = new ArrayList<>();
        MessageBuffer chunks;
        /** True for DATA (lines checked as they arrived), false for BDAT (checked whole at the end). */
        boolean dotted;

        Transaction(Optional<EmailAddress> sender, MailParameters parameters) {
            this.sender = sender;
            this.parameters = parameters;
        }
    }

    SmtpSession(SmtpContext ctx, Connection conn, SmtpRole role) {
        this.ctx = ctx;
        this.conn = conn;
        this.role = role;
    }

    void run() throws IOException {
        try {
            if (talksBeforeGreeting()) {
                send(Replies.TALKED_TOO_SOON);
                return;
            }
            Verdict v = ctx.policy().evaluate(stage -> stage.onConnect(info()));
            if (refusal(v).isPresent()) {
                send(refusal(v).get());
                return;
            }
            send(Replies.greeting(ctx.hostname()));
            while (true) {
                conn.setReadTimeout(role.isSubmission() && account.isEmpty()
                        ? ctx.limits().unauthenticatedTimeout() : ctx.limits().commandTimeout());
                step();
            }
        } catch (SocketTimeoutException e) {
            send(Replies.timeout(ctx.hostname())); // RFC 5321 §4.5.3.2: the server may close after its timeout
        } catch (CloseSession e) {
            // The closing reply was written; the listener closes the socket.
        } finally {
            endTransaction(); // a spooled message of a dropped connection is deleted here
        }
    }

    private boolean talksBeforeGreeting() throws IOException {
        // RFC 5321 §4.3.1: the client waits for the 220 greeting; pipelining before it is an attack or a spambot.
        if (ctx.limits().preGreetingWait().isZero()) {
            return conn.in().inputReady();
        }
        conn.setReadTimeout(ctx.limits().preGreetingWait());
        return conn.in().awaitInput();
    }

    private void step() throws IOException, CloseSession {
        Line line = conn.in().readLine(SmtpCommandParser.MAX_AUTH_LINE);
        if (line.tooLong()) {
            error(Replies.LINE_TOO_LONG);
            return;
        }
        if (line.ending() != Line.Ending.CRLF || line.hasBareCr() || line.hasNul()) {
            error(Replies.BARE_LINE_ENDING); // RFC 5321 §2.3.8
            return;
        }
        Optional<String> text = utf8(line.content());
        if (text.isEmpty()) {
            error(Replies.SYNTAX_ERROR);
            return;
        }
        if (line.content().length + 2 > SmtpCommandParser.lineLimit(text.get())) {
            error(Replies.LINE_TOO_LONG); // RFC 5321 §4.5.3.1.4
            return;
        }
        SmtpCommand command;
        try {
            command = SmtpCommandParser.parse(text.get());
        } catch (SmtpSyntaxException e) {
            ctx.metrics().unparsedCommand();
            error(e.reply());
            return;
        }
        ctx.metrics().command(command);
        if (LOG.isTraceEnabled()) {
            LOG.atTrace().addKeyValue("conn", conn.id()).log(command instanceof SmtpCommand.Auth ? "C: AUTH ..." : "C: " + text.get());
        }
        Optional<SmtpReply> refused = CommandRules.check(command, view());
        if (refused.isPresent()) {
            if (command instanceof SmtpCommand.Bdat b) {
                skipChunk(b); // RFC 3030 §2: the chunk follows the command whatever the reply
            }
            error(refused.get());
            return;
        }
        handle(command, text.get());
    }

    private CommandRules.View view() {
        boolean plaintextAllowed = ctx.settings().plaintextAuthOnLoopback() && conn.remote().getAddress().isLoopbackAddress();
        return new CommandRules.View(role, helo.isPresent(), conn.isTls(), conn.canStartTls(), plaintextAllowed,
                account.isPresent(), tx != null, tx == null ? 0 : tx.recipients.size(), tx != null && tx.chunks != null);
    }

    private void handle(SmtpCommand command, String text) throws IOException, CloseSession {
        switch (command) {
            case SmtpCommand.Ehlo e -> hello(e.identity(), true);
            case SmtpCommand.Helo h -> hello(h.identity(), false);
            case SmtpCommand.Mail m -> mail(m);
            case SmtpCommand.Rcpt r -> rcpt(r, text);
            case SmtpCommand.Data d -> data();
            case SmtpCommand.Bdat b -> bdat(b);
            case SmtpCommand.Rset r -> {
                endTransaction(); // RFC 5321 §4.1.1.5
                send(Replies.OK);
            }
            case SmtpCommand.Noop n -> send(Replies.OK);
            case SmtpCommand.Help h -> send(Replies.HELP);
            case SmtpCommand.Vrfy v -> send(Replies.VRFY_NOT_VERIFIED);
            case SmtpCommand.Expn e -> send(Replies.EXPN_DISABLED);
            case SmtpCommand.Quit q -> {
                send(Replies.bye(ctx.hostname()));
                throw new CloseSession();
            }
            case SmtpCommand.StartTls s -> startTls();
            case SmtpCommand.Auth a -> auth(a);
        }
    }

    private void hello(String identity, boolean extended) throws IOException {
        endTransaction(); // RFC 5321 §4.1.4: EHLO/HELO reset the transaction
        helo = Optional.of(identity);
        esmtp = extended;
        if (!extended) {
            send(SmtpReply.plain(250, ctx.hostname()));
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(ctx.hostname() + " greets " + identity);
        lines.add("PIPELINING"); // RFC 2920
        lines.add("8BITMIME"); // RFC 6152
        lines.add("SMTPUTF8"); // RFC 6531
        lines.add("SIZE " + ctx.limits().maxMessageSize()); // RFC 1870
        lines.add("ENHANCEDSTATUSCODES"); // RFC 2034
        lines.add("CHUNKING"); // RFC 3030
        lines.add("DSN"); // RFC 3461
        if (conn.canStartTls()) {
            lines.add("STARTTLS"); // RFC 3207
        }
        if (conn.isTls()) {
            lines.add("REQUIRETLS"); // RFC 8689 §4: only on TLS sessions
        }
        CommandRules.View v = view();
        if (role.isSubmission() && account.isEmpty() && (v.tls() || v.plaintextAllowed())) {
            lines.add("AUTH " + String.join(" ", ctx.sasl().mechanisms())); // RFC 4954 §3
        }
        lines.add("HELP");
        send(new SmtpReply(250, Optional.empty(), lines));
    }

    private void mail(SmtpCommand.Mail m) throws IOException, CloseSession {
        MailParameters p = m.parameters();
        if (p.requireTls() && !conn.isTls()) {
            error(Replies.UNKNOWN_PARAMETER); // RFC 8689 §4.1: REQUIRETLS is offered on TLS sessions only
            return;
        }
        if (p.size().isPresent() && p.size().getAsLong() > ctx.limits().maxMessageSize()) {
            error(Replies.MESSAGE_TOO_BIG); // RFC 1870 §6.1
            return;
        }
        if (account.isPresent() && m.sender().isPresent() && !ctx.recipients().owns(account.get(), m.sender().get())) {
            error(Replies.SENDER_NOT_OWNED);
            return;
        }
        Optional<SmtpReply> refused = refusal(ctx.policy().evaluate(stage -> stage.onMailFrom(info(), m.sender())));
        if (refused.isPresent()) {
            reply(refused.get());
            return;
        }
        endTransaction();
        tx = new Transaction(m.sender(), p);
        send(Replies.SENDER_OK);
    }

    private void rcpt(SmtpCommand.Rcpt r, String text) throws IOException, CloseSession {
        // RFC 6531 §3.4: UTF-8 recipients only in a transaction that declared SMTPUTF8.
        if (!tx.parameters.smtpUtf8() && !text.chars().allMatch(c -> c < 0x80)) {
            error(Replies.NEED_SMTPUTF8);
            return;
        }
        EmailAddress to = switch (r.recipient()) {
            case ForwardPath.Mailbox mb -> mb.address();
            case ForwardPath.Postmaster pm -> EmailAddress.parse("postmaster@" + ctx.hostname());
        };
        if (tx.recipients.size() >= ctx.limits().maxRecipients()) {
            send(Replies.TOO_MANY_RECIPIENTS); // RFC 5321 §4.5.3.1.10: not an error; the client sends the rest later
            return;
        }
        switch (ctx.recipients().decide(account, to)) {
            case RecipientPolicy.Decision.Refused refused -> error(refused.reply());
            case RecipientPolicy.Decision.Accepted accepted -> {
                Optional<SmtpReply> policy = refusal(ctx.policy().evaluate(
                        stage -> stage.onRecipient(info(), tx.sender, to)));
                if (policy.isPresent()) {
                    reply(policy.get());
                    return;
                }
                tx.recipients.add(new AcceptedRecipient(to, r.parameters(), accepted.destination()));
                send(Replies.RECIPIENT_OK);
            }
        }
    }

    private void data() throws IOException, CloseSession {
        send(Replies.START_DATA);
        conn.setReadTimeout(ctx.limits().dataTimeout());
        tx.chunks = newBuffer();
        tx.dotted = true;
        MessageCheck check;
        try {
            check = DotStreamReader.read(conn.in(), tx.chunks);
        } catch (UncheckedIOException e) {
            throw spoolFailed(e);
        }
        finish(check);
    }

    /** The spool could not be written (disk full …): 421 and close, since the rest of the message is unread. */
    private CloseSession spoolFailed(UncheckedIOException e) throws IOException {
        LOG.atError().addKeyValue("conn", conn.id()).setCause(e).log("cannot spool the message; closing");
        send(Replies.localErrorClosing(ctx.hostname()));
        return new CloseSession();
    }

    private void bdat(SmtpCommand.Bdat b) throws IOException, CloseSession {
        if (tx.chunks == null) {
            tx.chunks = newBuffer();
        }
        conn.setReadTimeout(ctx.limits().dataTimeout());
        try {
            conn.in().copy(b.size(), tx.chunks);
        } catch (UncheckedIOException e) {
            throw spoolFailed(e);
        }
        if (!b.last()) {
            send(Replies.bdatChunkAccepted(b.size()));
            return;
        }
        finish(tx.chunks.overflowed() ? MessageCheck.TOO_BIG : MessageCheck.OK);
    }

    private MessageBuffer newBuffer() {
        return new MessageBuffer(ctx.limits().maxMessageSize(), ctx.settings().spool());
    }

    /** Forgets the transaction in progress, deleting its spooled octets if any. */
    private void endTransaction() {
        if (tx != null && tx.chunks != null) {
            tx.chunks.close();
        }
        tx = null;
    }

    private void skipChunk(SmtpCommand.Bdat b) throws IOException {
        conn.setReadTimeout(ctx.limits().dataTimeout());
        conn.in().skip(b.size());
        if (b.last()) {
            endTransaction();
        }
    }

    /**
     * Ends the transaction: refuse a bad message, else deliver and reply only once it is durable.
     * A spooled message is read back under {@link SmtpContext#spooledInMemory()}, which bounds
     * the heap that concurrent large deliveries take.
     */
    private void finish(MessageCheck received) throws IOException, CloseSession {
        Transaction done = tx;
        long octets = done.chunks.received();
        Outcome outcome;
        try (MessageBuffer buffer = done.chunks) {
            tx = null;
            outcome = buffer.spilled() ? deliverSpooled(done, buffer, received)
                    : deliver(done, buffer.toByteArray(), received);
        }
        ctx.metrics().message(role.metricTag(), outcome.reply().code(), octets);
        if (outcome.badMessage()) {
            error(outcome.reply());
        } else {
            reply(outcome.reply());
        }
    }

    /** The reply at the end of a message, and whether it refuses the octets themselves (an error). */
    private record Outcome(SmtpReply reply, boolean badMessage) {}

    private Outcome deliverSpooled(Transaction done, MessageBuffer buffer, MessageCheck received) throws IOException {
        try {
            ctx.spooledInMemory().acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting to deliver a spooled message", e);
        }
        try {
            return deliver(done, buffer.toByteArray(), received);
        } catch (UncheckedIOException e) {
            LOG.atError().addKeyValue("conn", conn.id()).setCause(e).log("cannot read the spooled message back; answering 451");
            return new Outcome(Replies.LOCAL_ERROR, false);
        } finally {
            ctx.spooledInMemory().release();
        }
    }

    private Outcome deliver(Transaction done, byte[] message, MessageCheck received) {
        // RFC 3030 §2: BDAT content has no line structure of its own; check it as a whole at the end.
        MessageCheck check = received == MessageCheck.OK && !done.dotted
                ? MessageCheck.scan(message, message.length) : received;
        if (check != MessageCheck.OK) {
            return new Outcome(check.reply(), true);
        }
        Envelope envelope = new Envelope(done.sender, done.parameters, done.recipients);
        return new Outcome(ctx.delivery().deliver(new MessageDelivery.Context(info(), envelope, helo.orElse("unknown")),
                message), false);
    }

    private void startTls() throws IOException {
        send(Replies.READY_FOR_TLS);
        int discarded = conn.startTls();
        if (discarded > 0) {
            LOG.atInfo().addKeyValue("conn", conn.id()).addKeyValue("octets", discarded)
                    .log("discarded input sent before the TLS handshake");
        }
        // RFC 3207 §4.2: forget everything learnt before TLS; the client starts with EHLO again.
        helo = Optional.empty();
        esmtp = false;
        account = Optional.empty();
        endTransaction();
    }

    private void auth(SmtpCommand.Auth a) throws IOException, CloseSession {
        AuthDialog.Outcome outcome = new AuthDialog(ctx, conn).run(a);
        if (outcome.error()) {
            error(outcome.reply());
            return;
        }
        account = outcome.account();
        send(outcome.reply());
    }

    private SessionInfo info() {
        return new SessionInfo(conn.id(), role, conn.remote(), helo, esmtp, conn.tlsInfo(),
                account.map(a -> a.address().toString()));
    }

    private static Optional<SmtpReply> refusal(Verdict v) {
        return switch (v) {
            case Verdict.Accept a -> Optional.empty();
            case Verdict.Continue c -> Optional.empty();
            case Verdict.Reject r -> Optional.of(r.reply());
            case Verdict.TempFail t -> Optional.of(t.reply());
            case Verdict.Disconnect d -> Optional.of(d.reply());
        };
    }

    /** Sends a reply; a 421 closes the session (RFC 5321 §3.8). */
    private void reply(SmtpReply r) throws IOException, CloseSession {
        send(r);
        if (r.code() == 421) {
            throw new CloseSession();
        }
    }

    /** Sends a refusal that counts towards the error limit; past it, 421 and close. */
    private void error(SmtpReply r) throws IOException, CloseSession {
        reply(r);
        if (++errors >= ctx.limits().maxErrors()) {
            send(Replies.tooManyErrors(ctx.hostname()));
            throw new CloseSession();
        }
    }

    private void send(SmtpReply r) throws IOException {
        if (LOG.isTraceEnabled()) {
            LOG.atTrace().addKeyValue("conn", conn.id()).log("S: " + r);
        }
        conn.out().write(r.encode());
    }

    private static Optional<String> utf8(byte[] b) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
