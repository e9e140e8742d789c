package dev.facteur.pop3.server;

import dev.facteur.core.net.Connection;
import dev.facteur.core.net.Line;
import dev.facteur.pop3.proto.Pop3Command;
import dev.facteur.pop3.proto.Pop3CommandParser;
import dev.facteur.pop3.proto.Pop3Response;
import dev.facteur.pop3.proto.Pop3Response.Status;
import dev.facteur.pop3.proto.Pop3ResponseWriter;
import dev.facteur.pop3.proto.Pop3SyntaxException;
import dev.facteur.pop3.proto.ResponseCode;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POP3 conversation, greeting to close: read a line, parse it, check it is allowed in the
 * current state, handle it, write the reply. Replies are buffered and leave when the reader
 * would block, so a pipelined batch (RFC 2449 §6.6) is answered in one write.
 */
final class Pop3Session {
    private static final Logger LOG = LoggerFactory.getLogger(Pop3Session.class);

    private final Pop3Settings settings;
    private final Connection c;
    private final Pop3Authenticator authenticator;
    private final MaildropOpener opener;
    private final Transactions transactions;
    private final Optional<String> apopTimestamp;
    private final long loginDelaySeconds;
    private final Pop3Metrics metrics;
    /** The status of the last reply written, for the command metrics. */
    private boolean lastReplyOk;
    /** Set when credentials were accepted, for the authentication metrics. */
    private boolean authenticated;
    private SessionState state = new SessionState.Authorization(Optional.empty());
    private Pop3ResponseWriter writer;
    private int errors;
    private int commandsBeforeLogin;

    /** What a session uses besides its settings and connection. */
    record Parts(Pop3Authenticator authenticator, MaildropOpener opener, Transactions transactions,
                 Optional<String> apopTimestamp, long loginDelaySeconds) {}

    Pop3Session(Pop3Settings settings, Connection c, Parts parts, Pop3Metrics metrics) {
        this.metrics = metrics;
        this.settings = settings;
        this.c = c;
        this.authenticator = parts.authenticator();
        this.opener = parts.opener();
        this.transactions = parts.transactions();
        this.apopTimestamp = parts.apopTimestamp();
        this.loginDelaySeconds = parts.loginDelaySeconds();
        this.writer = new Pop3ResponseWriter(c.out());
    }

    /** Runs the session; a dropped connection ends it without entering UPDATE (RFC 1939 §6). */
    void run() throws IOException {
        try {
            // RFC 1939 §4: the greeting; with APOP, it carries the timestamp (RFC 1939 §7)
            send(Status.ok("Facteur POP3 server ready" + apopTimestamp.map(t -> " " + t).orElse("")));
            c.setReadTimeout(settings.idleTimeout());
            boolean open = true;
            while (open) {
                open = step();
            }
            c.flush();
        } finally {
            switch (state) {
                case SessionState.Transaction t -> t.maildrop().release();
                case SessionState.Update u -> u.maildrop().release();
                case SessionState.Authorization a -> { }
            }
        }
    }

    private boolean step() throws IOException {
        Line line;
        try {
            line = c.in().readLine(settings.maxSaslLineOctets());
        } catch (SocketTimeoutException e) {
            // RFC 1939 §3: the autologout timer closes the session without entering UPDATE
            send(Status.err("autologout: idle for too long"));
            return false;
        }
        if (line.tooLong() || line.content().length + 2 > settings.maxLineOctets() && !isAuthLine(line)) {
            return error("line too long"); // RFC 2449 §4: 255 octets with CRLF (AUTH excepted, RFC 5034 §4)
        }
        Pop3Command command;
        try {
            command = Pop3CommandParser.parse(line.content());
        } catch (Pop3SyntaxException e) {
            return error(e.unknownCommand() ? "unknown command" : "syntax error: " + e.getMessage());
        }
        LOG.atTrace().addKeyValue("conn", c.id()).addKeyValue("command", command).log("command");
        if (state instanceof SessionState.Authorization && ++commandsBeforeLogin > settings.maxCommandsBeforeLogin()) {
            send(Status.err(ResponseCode.SYS_TEMP, "too many commands without logging in"));
            return false;
        }
        boolean authAttempt = state instanceof SessionState.Authorization && isAuthAttempt(command);
        try {
            return handle(command);
        } finally {
            metrics.command(command, lastReplyOk);
            if (authAttempt) {
                metrics.auth(authenticated);
            }
        }
    }

    /** USER/PASS (counted at PASS), APOP, or AUTH with a mechanism: an attempt to authenticate. */
    private static boolean isAuthAttempt(Pop3Command command) {
        return command instanceof Pop3Command.Pass || command instanceof Pop3Command.Apop
                || command instanceof Pop3Command.Auth a && a.mechanism().isPresent();
    }

    private boolean handle(Pop3Command command) throws IOException {
        try {
            return switch (state) {
                case SessionState.Authorization a -> authorization(a, command);
                case SessionState.Transaction t -> transaction(t, command);
                case SessionState.Update u -> false;
            };
        } catch (Pop3CommandFailed failed) {
            send(failed.reply());
            return true;
        } catch (RuntimeException e) {
            // One catch site for the unexpected: a temporary failure, the stack in the log, and a
            // close, since the session's state is in doubt. The exception text stays here.
            LOG.atError().addKeyValue("conn", c.id()).addKeyValue("command", command.keyword()).setCause(e)
                    .log("pop3 command failed unexpectedly");
            send(Status.err(ResponseCode.SYS_TEMP, "internal error, closing connection"));
            return false;
        }
    }

    /** RFC 1939 §4: what the AUTHORIZATION state accepts. */
    private boolean authorization(SessionState.Authorization a, Pop3Command command)
            throws Pop3CommandFailed, IOException {
        if (!plaintextAllowed() && revealsSecret(command)) {
            // RFC 2595 §2.1 and RFC 8314 §5: no cleartext passwords on an unencrypted connection
            throw new Pop3CommandFailed(Status.err(ResponseCode.AUTH,
                    "plaintext authentication not allowed without TLS; use STLS"));
        }
        return switch (command) {
            case Pop3Command.Capa x -> send(capabilities());
            case Pop3Command.Quit x -> quit();
            case Pop3Command.Stls x -> stls();
            case Pop3Command.User u -> {
                state = new SessionState.Authorization(Optional.of(u.name()));
                yield send(Status.ok("send PASS"));
            }
            case Pop3Command.Pass p -> {
                String user = a.user().orElseThrow(() -> new Pop3CommandFailed(Status.err("USER first")));
                state = new SessionState.Authorization(Optional.empty());
                yield login(authenticator.userPass(user, p.password()));
            }
            case Pop3Command.Apop p -> login(authenticator.apop(p));
            case Pop3Command.Auth auth -> auth(auth);
            case Pop3Command.Stat x -> wrongState();
            case Pop3Command.ListMessages x -> wrongState();
            case Pop3Command.Retr x -> wrongState();
            case Pop3Command.Dele x -> wrongState();
            case Pop3Command.Noop x -> wrongState();
            case Pop3Command.Rset x -> wrongState();
            case Pop3Command.Top x -> wrongState();
            case Pop3Command.Uidl x -> wrongState();
        };
    }

    /** RFC 1939 §5: what the TRANSACTION state accepts. */
    private boolean transaction(SessionState.Transaction t, Pop3Command command)
            throws Pop3CommandFailed, IOException {
        Maildrop m = t.maildrop();
        return switch (command) {
            case Pop3Command.Capa x -> send(capabilities());
            case Pop3Command.Quit x -> update(m);
            case Pop3Command.Stat x -> send(transactions.stat(m));
            case Pop3Command.ListMessages l -> send(transactions.list(m, l.message()));
            case Pop3Command.Uidl u -> send(transactions.uidl(m, u.message()));
            case Pop3Command.Retr r -> sendMessage(transactions.retr(m, r.message()));
            case Pop3Command.Top top -> sendMessage(transactions.top(m, top.message(), top.lines()));
            case Pop3Command.Dele d -> send(transactions.dele(m, d.message()));
            case Pop3Command.Noop x -> send(Status.ok(""));
            case Pop3Command.Rset x -> send(transactions.rset(m));
            case Pop3Command.User x -> wrongState();
            case Pop3Command.Pass x -> wrongState();
            case Pop3Command.Apop x -> wrongState();
            case Pop3Command.Auth x -> wrongState();
            case Pop3Command.Stls x -> wrongState();
        };
    }

    private boolean auth(Pop3Command.Auth auth) throws Pop3CommandFailed, IOException {
        if (auth.mechanism().isEmpty()) {
            // Deviation: a bare AUTH lists the mechanisms (RFC 1734 era; Outlook still sends it)
            return send(new Pop3Response.MultiLine(Status.ok("methods supported"),
                    authenticator.mechanisms(plaintextAllowed())));
        }
        String account = authenticator.sasl(auth.mechanism().get(), auth.initialResponse(), plaintextAllowed(), c,
                response -> {
                    writer.write(response);
                    c.flush();
                });
        return login(account);
    }

    private boolean login(String account) throws Pop3CommandFailed, IOException {
        authenticated = true;
        Maildrop maildrop = opener.open(account);
        state = new SessionState.Transaction(maildrop);
        LOG.atInfo().addKeyValue("conn", c.id()).addKeyValue("remote", c.remote()).addKeyValue("account", account)
                .addKeyValue("messages", maildrop.size()).log("pop3 login");
        return send(Status.ok("maildrop has " + maildrop.liveCount() + " messages (" + maildrop.liveOctets()
                + " octets)"));
    }

    private boolean stls() throws Pop3CommandFailed, IOException {
        if (!c.canStartTls()) {
            throw new Pop3CommandFailed(Status.err(c.isTls() ? "already using TLS" : "TLS not available"));
        }
        send(Status.ok("begin TLS negotiation"));
        c.startTls(); // RFC 2595 §4 (and RFC 3207 §4.2): what the client sent before the handshake is dropped
        c.setReadTimeout(settings.idleTimeout());
        writer = new Pop3ResponseWriter(c.out());
        state = new SessionState.Authorization(Optional.empty()); // forget USER given in plaintext
        return true;
    }

    private boolean quit() throws IOException {
        send(Status.ok("Facteur POP3 server signing off"));
        return false;
    }

    /** RFC 1939 §6: QUIT in TRANSACTION removes the marked messages, then releases the maildrop. */
    private boolean update(Maildrop maildrop) throws IOException {
        state = new SessionState.Update(maildrop);
        Status reply = transactions.expunge(maildrop);
        LOG.atInfo().addKeyValue("conn", c.id()).addKeyValue("account", maildrop.account())
                .addKeyValue("deleted", maildrop.markedUids().size()).addKeyValue("ok", reply.ok()).log("pop3 quit");
        send(reply);
        return false;
    }

    private Pop3Response capabilities() {
        boolean authorization = state instanceof SessionState.Authorization;
        // RFC 2449 §6: one capability per line
        List<String> caps = new ArrayList<>(List.of("TOP", "UIDL"));
        if (authorization && plaintextAllowed()) {
            caps.add("USER");
        }
        List<String> mechanisms = authenticator.mechanisms(plaintextAllowed());
        if (authorization && !mechanisms.isEmpty()) {
            caps.add("SASL " + String.join(" ", mechanisms)); // RFC 5034 §5
        }
        caps.addAll(List.of("RESP-CODES", "AUTH-RESP-CODE", "PIPELINING"));
        caps.add("EXPIRE NEVER"); // RFC 2449 §6.7: Facteur never deletes mail on its own
        caps.add("LOGIN-DELAY " + loginDelaySeconds); // RFC 2449 §6.8
        caps.add("IMPLEMENTATION Facteur");
        if (authorization && c.canStartTls()) {
            caps.add("STLS"); // RFC 2595 §4
        }
        return new Pop3Response.MultiLine(Status.ok("capability list follows"), caps);
    }

    private boolean plaintextAllowed() {
        return c.isTls() || settings.allowPlaintextOnLoopback() && c.remote().getAddress().isLoopbackAddress();
    }

    private static boolean revealsSecret(Pop3Command command) {
        return command instanceof Pop3Command.User || command instanceof Pop3Command.Pass
                || command instanceof Pop3Command.Auth a && a.mechanism().map(Pop3Authenticator::revealsSecret).orElse(false);
    }

    private static boolean isAuthLine(Line line) {
        byte[] b = line.content();
        return b.length > 5 && (b[0] | 0x20) == 'a' && (b[1] | 0x20) == 'u' && (b[2] | 0x20) == 't'
                && (b[3] | 0x20) == 'h' && b[4] == ' ';
    }

    private boolean wrongState() throws IOException {
        return error("command not valid in this state");
    }

    /** Answers a protocol error; the session closes once the client has made too many. */
    private boolean error(String text) throws IOException {
        if (++errors >= settings.maxErrors()) {
            send(Status.err("too many errors, closing connection"));
            return false;
        }
        return send(Status.err(text));
    }

    private boolean sendMessage(Pop3Response.Message message) throws IOException {
        try {
            lastReplyOk = true;
            writer.write(message);
        } catch (Transactions.MessageUnavailable e) {
            LOG.atError().addKeyValue("conn", c.id()).setCause(e.getCause()).log("message bytes unreadable");
            send(Status.err(ResponseCode.SYS_TEMP, "message unavailable, try again later"));
        }
        return true;
    }

    private boolean send(Pop3Response response) throws IOException {
        lastReplyOk = switch (response) {
            case Pop3Response.Status st -> st.ok();
            case Pop3Response.MultiLine m -> m.status().ok();
            case Pop3Response.Message m -> m.status().ok();
            case Pop3Response.Continuation x -> true;
        };
        writer.write(response);
        return true;
    }
}
