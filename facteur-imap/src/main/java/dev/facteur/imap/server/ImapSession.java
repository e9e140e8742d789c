package dev.facteur.imap.server;

import dev.facteur.imap.proto.Command;
import dev.facteur.imap.proto.ImapCommandParser;
import dev.facteur.imap.proto.ImapResponse;
import dev.facteur.imap.proto.ResponseWriter;
import dev.facteur.imap.proto.SyntaxException;
import dev.facteur.imap.proto.Value;
import dev.facteur.store.Account;
import dev.facteur.store.ChangeBus;
import dev.facteur.store.ChangeEvent;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IMAP session: read a command, parse it, handle it in the current state, write the
 * replies. The only place that changes the session state and the one catch site that maps
 * failures to responses.
 */
final class ImapSession {

    private static final Logger LOG = LoggerFactory.getLogger(ImapSession.class);

    private final ImapTransport transport;
    private final SessionContext ctx;
    private final ImapAuthentication auth;
    private final CommandReader reader;
    private final MailboxCommands mailboxes;
    private final SelectCommand select;
    private final MessageCommands messages;
    private final SearchCommands search;
    private final FetchResponder fetch;
    private final AppendCommand append;
    private volatile SessionState state = new SessionState.NotAuthenticated();
    private ChangeBus.@Nullable Subscription subscription;
    /**
     * While IDLE, the session thread waits for the client's DONE line and a short-lived thread
     * started by a change event writes the updates: this lock hands the session's view and output
     * from one to the other. It is this session's own, never held by anything else; it is held
     * while the updates are written so that none can follow the tagged reply to IDLE.
     */
    private final ReentrantLock idleLock = new ReentrantLock();
    /** Written under {@link #idleLock}; read by the change bus thread without it. */
    private volatile boolean idling;
    private final AtomicBoolean pushScheduled = new AtomicBoolean();
    /** The tag of an IDLE that has begun and awaits its DONE line, read by {@link #run}. */
    private @Nullable String idleTag;
    private final ImapMetrics metrics;
    private int errors;
    private boolean compressed;

    ImapSession(ImapTransport transport, ImapServices services) {
        this.transport = transport;
        this.metrics = services.metrics();
        this.ctx = new SessionContext(services, out -> {
            out.flushTo(transport.out());
            transport.flush();
        });
        this.auth = new ImapAuthentication(services, transport, ctx);
        this.reader = new CommandReader(transport, services.settings());
        this.mailboxes = new MailboxCommands(ctx);
        this.select = new SelectCommand(ctx, mailboxes);
        this.messages = new MessageCommands(ctx);
        this.search = new SearchCommands(ctx);
        this.fetch = new FetchResponder(ctx);
        this.append = new AppendCommand(ctx);
    }

    void run() throws IOException {
        try {
            greet();
            while (!(state instanceof SessionState.Logout)) {
                transport.setReadTimeout(state instanceof SessionState.NotAuthenticated
                        ? ctx.settings.loginTimeout() : ctx.settings.idleTimeout());
                if (!step()) {
                    break;
                }
                if (idleTag != null) {
                    awaitDone(); // from here, not from inside the command's handler: a shallow stack to park
                }
                if (errors >= ctx.settings.maxBadCommands()) {
                    bye("too many errors"); // flooding with bad commands
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            bye("autologout, idle for too long"); // RFC 9051 §5.4
        } catch (EOFException e) {
            LOG.debug("client {} closed the connection", transport.id());
        } finally {
            unsubscribe();
        }
    }

    private void greet() throws IOException {
        ctx.untagged(new ImapResponse.Condition(ImapResponse.Status.OK, Optional.of("CAPABILITY " + capabilities()),
                ctx.settings.hostname() + " Facteur IMAP ready"));
        send();
    }

    private void bye(String text) throws IOException {
        ctx.untagged(new ImapResponse.Condition(ImapResponse.Status.BYE, Optional.empty(), text));
        send();
    }

    private void send() throws IOException {
        ctx.out.flushTo(transport.out());
        transport.flush();
    }

    /** Writes buffered replies; flushed by the reader before it blocks unless more input is queued. */
    private void emit() throws IOException {
        ctx.out.flushTo(transport.out());
        if (!transport.hasBufferedLine()) {
            transport.flush();
            ctx.out.release(); // about to wait for the client: keep an idle session small
        }
    }

    /** Reads and handles one command; false when the session must end. */
    private boolean step() throws IOException {
        CommandReader.Read read = reader.read();
        switch (read) {
            case CommandReader.Read.TooLong t -> {
                errors++;
                ctx.untagged(new ImapResponse.Condition(ImapResponse.Status.BAD, Optional.of("TOOBIG"), "command line too long"));
            }
            case CommandReader.Read.Refused r -> {
                errors++;
                ctx.untagged(r.response());
            }
            case CommandReader.Read.Fatal f -> {
                bye(f.reason());
                return false;
            }
            case CommandReader.Read.Complete c -> handle(c.command());
        }
        emit();
        return !(state instanceof SessionState.Logout);
    }

    private void handle(byte[] raw) throws IOException {
        Command cmd;
        try {
            cmd = ImapCommandParser.parse(raw);
        } catch (SyntaxException e) {
            errors++;
            String tag = e.tag() == null ? "*" : e.tag();
            ctx.untagged(ImapResponse.bad(tag, "syntax error: " + e.getMessage()));
            return;
        }
        LOG.trace("{} C: {}", transport.id(), cmd);
        if (!CommandRules.allowed(cmd, state)) {
            errors++;
            ctx.untagged(ImapResponse.bad(cmd.tag(), "command not allowed in this state")); // RFC 9051 §6
            return;
        }
        @Nullable ImapResponse done;
        try {
            done = dispatch(cmd);
        } catch (CommandFailure f) {
            done = f.response(cmd.tag());
        } catch (RuntimeException e) {
            LOG.error("{}: command {} failed", transport.id(), cmd.getClass().getSimpleName(), e);
            done = ImapResponse.no(cmd.tag(), "SERVERBUG", "internal error, try again");
        }
        if (state instanceof SessionState.Selected sel && !(cmd instanceof Command.Logout) && !(cmd instanceof Command.Idle)) {
            // our own APPEND or COPY to this mailbox raised its LocalChanges counter: sync reads it
            reportChanges(sel, CommandRules.mayReportExpunges(cmd));
        }
        metrics.command(cmd, done);
        if (done != null) { // null: STARTTLS and COMPRESS answered before switching streams
            ctx.untagged(done);
        }
    }

    /** Untagged EXPUNGE/VANISHED, EXISTS and FETCH FLAGS for others' changes (RFC 9051 §7.4.1, §7.5). */
    private void reportChanges(SessionState.Selected sel, boolean allowExpunge) {
        MailboxView view = sel.view();
        MailboxView.Updates u = view.sync(ctx.store.mailboxes(), allowExpunge);
        messages.reportExpunged(view, u.expunged());
        if (u.added()) {
            ctx.takeRecent(view, sel.readOnly()); // RFC 3501 §2.3.2: new messages are recent here first
        }
        if (u.added() || !u.expunged().isEmpty()) {
            ctx.untagged(Value.num(u.exists()), Value.atom("EXISTS"));
            if (!ctx.rev2()) {
                ctx.untagged(Value.num(view.recentCount()), Value.atom("RECENT")); // RFC 3501 §7.3.2
            }
        }
        for (long uid : u.flagChanges()) {
            int seq = view.seqOf(uid);
            if (seq > 0) {
                SelectCommand.announceNew(ctx, view, view.flagsAt(seq), sel.readOnly());
                ctx.untagged(Value.num(seq), Value.atom("FETCH"), Value.list(messages.flagData(view, seq, false, false)));
            }
        }
    }

    private @Nullable ImapResponse dispatch(Command cmd) throws CommandFailure, IOException {
        return switch (cmd) {
            case Command.Capability c -> {
                ctx.untagged(Value.atom("CAPABILITY " + capabilities()));
                yield ImapResponse.ok(c.tag(), "CAPABILITY completed");
            }
            case Command.Noop c -> ImapResponse.ok(c.tag(), "NOOP completed");
            case Command.Logout c -> {
                ctx.untagged(new ImapResponse.Condition(ImapResponse.Status.BYE, Optional.empty(), "logging out"));
                state = new SessionState.Logout();
                yield ImapResponse.ok(c.tag(), "LOGOUT completed");
            }
            case Command.Id c -> {
                // RFC 2971 §3.3: our identification
                ctx.untagged(Value.atom("ID"), Value.list(Value.str("name"), Value.str("Facteur")));
                yield ImapResponse.ok(c.tag(), "ID completed");
            }
            case Command.StartTls c -> auth.startTls(c);
            case Command.Login c -> loggedIn(c.tag(), auth.login(c));
            case Command.Authenticate c -> loggedIn(c.tag(), auth.authenticate(c));
            case Command.Enable c -> enable(c);
            case Command.Select c -> select(c);
            case Command.Create c -> mailboxes.create(account(), c);
            case Command.Delete c -> mailboxes.delete(account(), c);
            case Command.Rename c -> mailboxes.rename(account(), c);
            case Command.Subscribe c -> mailboxes.subscribe(account(), c);
            case Command.ListMailboxes c -> mailboxes.list(account(), c);
            case Command.Namespace c -> mailboxes.namespace(c);
            case Command.Status c -> mailboxes.status(account(), c);
            case Command.Append c -> append.append(account(), c);
            case Command.Idle c -> startIdle(c);
            case Command.GetQuota c -> mailboxes.getQuota(account(), c);
            case Command.GetQuotaRoot c -> mailboxes.getQuotaRoot(account(), c);
            case Command.SetQuota c -> mailboxes.setQuota(account(), c);
            case Command.Compress c -> compress(c);
            case Command.Close c -> close(c.tag(), true);
            case Command.Unselect c -> close(c.tag(), false);
            case Command.Expunge c -> messages.expunge(selected(), c);
            case Command.Search c -> search.search(selected(), c);
            case Command.Fetch c -> {
                fetch.fetch(selected(), c);
                yield ImapResponse.ok(c.tag(), "FETCH completed");
            }
            case Command.Store c -> messages.store(selected(), c);
            case Command.Copy c -> messages.copy(selected(), c);
            case Command.Sort c -> search.sort(selected(), c);
            case Command.Thread c -> search.thread(selected(), c);
        };
    }

    private String capabilities() {
        boolean authenticated = !(state instanceof SessionState.NotAuthenticated);
        return Capabilities.list(authenticated, transport.canStartTls(), auth.passwordsAllowed(), auth.mechanisms(),
                ctx.settings.appendLimit());
    }

    private ImapResponse loggedIn(String tag, Account account) {
        state = new SessionState.Authenticated(account);
        subscription = ctx.store.changes().subscribe(account.id(), this::onChange);
        LOG.debug("{} logged in as {}", transport.id(), account.address());
        // RFC 9051 §6.2.3: the capabilities may change on login, so send them
        return ImapResponse.ok(tag, "CAPABILITY " + capabilities(), "logged in");
    }

    /** Runs on the change bus thread: note the change in the view; while IDLE, push it. Never blocks. */
    private void onChange(ChangeEvent event) {
        if (state instanceof SessionState.Selected sel && sel.view().mailboxId() == event.mailboxId()) {
            sel.view().changed(event);
            if (idling && pushScheduled.compareAndSet(false, true)) {
                Thread.ofVirtual().name("imap-idle-" + transport.id()).start(this::pushWhileIdle);
            }
        }
    }

    /** RFC 2177 §3: reports changes to an IDLE client as they happen (on a thread of its own). */
    private void pushWhileIdle() {
        pushScheduled.set(false); // an event from now on starts another push
        idleLock.lock();
        try {
            if (idling && state instanceof SessionState.Selected sel) {
                reportChanges(sel, true);
                send();
                ctx.out.release();
            }
        } catch (IOException e) {
            LOG.debug("{}: writing IDLE updates failed", transport.id(), e); // the session's read fails too
        } catch (RuntimeException e) {
            LOG.error("{}: IDLE updates failed", transport.id(), e);
        } finally {
            idleLock.unlock();
        }
    }

    private void unsubscribe() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    private Account account() {
        return switch (state) {
            case SessionState.Authenticated a -> a.account();
            case SessionState.Selected s -> s.account();
            case SessionState.NotAuthenticated n -> throw new IllegalStateException("checked by CommandRules");
            case SessionState.Logout l -> throw new IllegalStateException("checked by CommandRules");
        };
    }

    private SessionState.Selected selected() {
        if (state instanceof SessionState.Selected s) {
            return s;
        }
        throw new IllegalStateException("checked by CommandRules");
    }

    private ImapResponse enable(Command.Enable c) {
        List<String> enabled = new ArrayList<>();
        for (String cap : c.capabilities()) {
            // RFC 5161 §3: only extensions that can be enabled; others are ignored
            if (List.of("CONDSTORE", "QRESYNC", "UTF8=ACCEPT", "IMAP4REV2").contains(cap) && ctx.enable(cap)) {
                enabled.add(cap.equals("IMAP4REV2") ? "IMAP4rev2" : cap);
            }
        }
        List<Value> v = new ArrayList<>();
        v.add(Value.atom("ENABLED"));
        enabled.forEach(e -> v.add(Value.atom(e)));
        ctx.untagged(new ImapResponse.Data(v));
        return ImapResponse.ok(c.tag(), "ENABLE completed");
    }

    private ImapResponse select(Command.Select c) throws CommandFailure {
        Account account = account();
        if (state instanceof SessionState.Selected) {
            state = new SessionState.Authenticated(account);
            // RFC 9051 §6.3.2 / RFC 7162 §3.2.11: the previous mailbox is closed first
            ctx.untagged(new ImapResponse.Condition(ImapResponse.Status.OK, Optional.of("CLOSED"), "previous mailbox closed"));
        }
        MailboxView view = select.open(account, c);
        state = new SessionState.Selected(account, view, c.readOnly());
        return ImapResponse.ok(c.tag(), c.readOnly() ? "READ-ONLY" : "READ-WRITE",
                (c.readOnly() ? "EXAMINE" : "SELECT") + " completed");
    }

    /** CLOSE expunges silently (RFC 9051 §6.4.1); UNSELECT does not (RFC 3691). */
    private ImapResponse close(String tag, boolean expunge) {
        SessionState.Selected sel = selected();
        if (expunge && !sel.readOnly()) {
            messages.expungeDeleted(sel.view(), null);
        }
        state = new SessionState.Authenticated(sel.account());
        return ImapResponse.ok(tag, (expunge ? "CLOSE" : "UNSELECT") + " completed");
    }

    /**
     * RFC 2177 IDLE: report changes as they happen until the client sends DONE. This begins it;
     * {@link #awaitDone} waits for DONE (the read timeout is the idle timeout, RFC 9051 §5.4) and
     * answers; changes are written meanwhile by {@link #pushWhileIdle}. One thread per idle
     * connection, parked in a socket read. Returns null: answered by {@link #awaitDone}.
     */
    private @Nullable ImapResponse startIdle(Command.Idle c) throws IOException {
        ctx.untagged(new ImapResponse.Continuation("idling"));
        idleLock.lock();
        try {
            idling = true; // before looking: a change from now on is pushed, one before is seen here
            if (state instanceof SessionState.Selected sel) {
                reportChanges(sel, true);
            }
            send();
            ctx.out.release(); // keep an idle session small
        } finally {
            idleLock.unlock();
        }
        idleTag = c.tag();
        return null;
    }

    private void awaitDone() throws IOException {
        String tag = java.util.Objects.requireNonNull(idleTag);
        idleTag = null;
        ImapTransport.RawLine line;
        try {
            line = transport.readLine(64);
        } finally {
            idleLock.lock(); // waits for a push being written
            idling = false;
            idleLock.unlock();
        }
        // RFC 2177 §3: the client ends IDLE with DONE
        if (!line.tooLong() && new String(line.content(), java.nio.charset.StandardCharsets.US_ASCII).equalsIgnoreCase("DONE")) {
            ctx.untagged(ImapResponse.ok(tag, "IDLE terminated"));
        } else {
            errors++;
            ctx.untagged(CommandFailure.bad("expected DONE").response(tag));
        }
        emit();
    }

    /**
     * RFC 4978 §3: the tagged OK goes out uncompressed, and everything after it in both
     * directions is deflated. Returns null: the command is answered here.
     */
    private @Nullable ImapResponse compress(Command.Compress c) throws CommandFailure, IOException {
        if (compressed) {
            throw CommandFailure.no("COMPRESSIONACTIVE", "DEFLATE is active already"); // RFC 4978 §3
        }
        if (!c.mechanism().equals("DEFLATE")) {
            throw CommandFailure.bad("unknown compression mechanism"); // RFC 4978 §4: only DEFLATE is defined
        }
        ctx.untagged(ImapResponse.ok(c.tag(), "DEFLATE active"));
        send();
        transport.startCompression();
        compressed = true;
        return null;
    }

    /** For tests: the response writer used by this session. */
    ResponseWriter writer() {
        return ctx.out;
    }
}
