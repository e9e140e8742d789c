package dev.facteur.smtp.server;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.net.Connection;
import dev.facteur.core.net.Line;
import dev.facteur.core.sasl.SaslExchange;
import dev.facteur.core.sasl.SaslStep;
import dev.facteur.smtp.proto.Replies;
import dev.facteur.smtp.proto.SmtpCommand;
import dev.facteur.smtp.proto.SmtpCommandParser;
import dev.facteur.smtp.proto.SmtpReply;
import dev.facteur.store.Account;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one AUTH command (RFC 4954 §4): challenges, responses, cancellation, the final reply. */
final class AuthDialog {
    private static final Logger LOG = LoggerFactory.getLogger(AuthDialog.class);

    /** The outcome: the account on success; the reply to send; whether to count an error. */
    record Outcome(Optional<Account> account, SmtpReply reply, boolean error) {}

    private final SmtpContext ctx;
    private final Connection conn;

    AuthDialog(SmtpContext ctx, Connection conn) {
        this.ctx = ctx;
        this.conn = conn;
    }

    Outcome run(SmtpCommand.Auth auth) throws IOException, CloseSession {
        InetAddress ip = conn.remote().getAddress();
        if (ctx.throttle().isLockedOut(ip)) {
            conn.out().write(Replies.authLockedOut(ctx.hostname()).encode());
            throw new CloseSession();
        }
        Optional<SaslExchange> exchange = ctx.sasl().start(auth.mechanism());
        if (exchange.isEmpty()) {
            return new Outcome(Optional.empty(), Replies.UNKNOWN_MECHANISM, true);
        }
        Optional<byte[]> initial = Optional.empty();
        if (auth.initialResponse().isPresent()) {
            // RFC 4954 §4: "=" is an empty initial response.
            Optional<byte[]> decoded = decode(auth.initialResponse().get());
            if (decoded.isEmpty()) {
                return new Outcome(Optional.empty(), Replies.BAD_BASE64, true);
            }
            initial = decoded;
        }
        SaslStep step = exchange.get().start(initial);
        while (step instanceof SaslStep.Challenge c) {
            conn.out().write(Replies.challenge(Base64.getEncoder().encodeToString(c.data())).encode());
            Line line = conn.in().readLine(SmtpCommandParser.MAX_AUTH_LINE);
            if (line.tooLong() || line.ending() != Line.Ending.CRLF) {
                return new Outcome(Optional.empty(), Replies.LINE_TOO_LONG, true);
            }
            String text = line.text();
            if (text.equals("*")) {
                return new Outcome(Optional.empty(), Replies.AUTH_CANCELLED, true); // RFC 4954 §4
            }
            Optional<byte[]> response = decode(text);
            if (response.isEmpty()) {
                return new Outcome(Optional.empty(), Replies.BAD_BASE64, true);
            }
            step = exchange.get().next(response.get());
        }
        return finish(step, ip, exchange.get().mechanism());
    }

    private Outcome finish(SaslStep step, InetAddress ip, String mechanism) throws IOException {
        switch (step) {
            case SaslStep.Success s -> {
                Optional<Account> account = findAccount(s.account());
                if (account.isPresent()) {
                    ctx.throttle().success(ip);
                    ctx.metrics().auth(mechanism, true);
                    LOG.atInfo().addKeyValue("conn", conn.id()).addKeyValue("account", s.account())
                            .addKeyValue("mechanism", mechanism).log("authenticated");
                    return new Outcome(account, Replies.AUTH_OK, false);
                }
                return fail(ip, mechanism, "account vanished");
            }
            case SaslStep.Failure f -> {
                return fail(ip, mechanism, f.reason().name());
            }
            case SaslStep.Challenge c -> throw new IllegalStateException("challenge after the exchange loop");
        }
    }

    private Outcome fail(InetAddress ip, String mechanism, String reason) throws IOException {
        ctx.metrics().auth(mechanism, false);
        Duration delay = ctx.throttle().delayAfterFailure(ip);
        LOG.atInfo().addKeyValue("conn", conn.id()).addKeyValue("remote", conn.remote())
                .addKeyValue("mechanism", mechanism).addKeyValue("reason", reason).addKeyValue("delay_ms", delay.toMillis())
                .log("authentication failed");
        if (!delay.isZero()) {
            conn.flush();
            try {
                ctx.sleeper().sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted during authentication delay", e);
            }
        }
        return new Outcome(Optional.empty(), Replies.AUTH_FAILED, true);
    }

    private Optional<Account> findAccount(String name) {
        try {
            return ctx.directory().findAccount(EmailAddress.parse(name)).filter(a -> !a.disabled());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> decode(String text) {
        if (text.equals("=")) {
            return Optional.of(new byte[0]);
        }
        try {
            return Optional.of(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
