package dev.facteur.imap.server;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.sasl.SaslExchange;
import dev.facteur.core.sasl.SaslStep;
import dev.facteur.imap.proto.Command;
import dev.facteur.imap.proto.ImapResponse;
import dev.facteur.store.Account;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * STARTTLS, LOGIN and AUTHENTICATE (RFC 9051 §6.2) over the shared SASL mechanisms and
 * brute-force throttle of {@code dev.facteur.core.sasl}, the same as submission uses.
 */
final class ImapAuthentication {

    private static final int MAX_SASL_LINE = 64 * 1024;
    private static final int MAX_SASL_ROUNDS = 10;

    private final ImapServices services;
    private final ImapTransport transport;
    private final SessionContext ctx;

    ImapAuthentication(ImapServices services, ImapTransport transport, SessionContext ctx) {
        this.services = services;
        this.transport = transport;
        this.ctx = ctx;
    }

    /** RFC 9051 §6.2.3: passwords only under TLS, or on loopback when the configuration allows. */
    boolean passwordsAllowed() {
        if (transport.isTls()) {
            return true;
        }
        InetAddress a = transport.remote().getAddress();
        return services.settings().allowPlaintextOnLoopback() && a != null && a.isLoopbackAddress();
    }

    List<String> mechanisms() {
        return services.sasl().mechanisms();
    }

    /** Writes the tagged OK itself, then runs the handshake (RFC 9051 §6.2.1); returns null. */
    ImapResponse startTls(Command.StartTls cmd) throws CommandFailure, IOException {
        if (transport.isTls() || !transport.canStartTls()) {
            throw CommandFailure.no("CANNOT", "TLS is not available here");
        }
        ctx.untagged(ImapResponse.ok(cmd.tag(), "begin TLS negotiation now"));
        ctx.out.flushTo(transport.out());
        transport.flush();
        transport.startTls(); // drops anything pipelined after STARTTLS (command injection)
        return null;
    }

    Account login(Command.Login cmd) throws CommandFailure, IOException {
        if (!passwordsAllowed()) {
            throw CommandFailure.no("PRIVACYREQUIRED", "LOGIN needs TLS"); // RFC 9051 §6.2.3 LOGINDISABLED
        }
        checkThrottle();
        SaslExchange plain = services.sasl().start("PLAIN")
                .orElseThrow(() -> CommandFailure.no("UNAVAILABLE", "password login unavailable"));
        byte[] ir = ("\0" + cmd.user() + "\0" + cmd.password()).getBytes(StandardCharsets.UTF_8);
        return finish(plain.start(Optional.of(ir)));
    }

    Account authenticate(Command.Authenticate cmd) throws CommandFailure, IOException {
        String mech = cmd.mechanism();
        if (!mechanisms().contains(mech)) {
            throw CommandFailure.no("CANNOT", "unsupported authentication mechanism");
        }
        if (!passwordsAllowed() && !mech.startsWith("SCRAM-")) {
            throw CommandFailure.no("PRIVACYREQUIRED", "this mechanism needs TLS");
        }
        checkThrottle();
        SaslExchange exchange = services.sasl().start(mech)
                .orElseThrow(() -> CommandFailure.no("CANNOT", "unsupported authentication mechanism"));
        Optional<byte[]> initial = Optional.empty();
        if (cmd.initialResponse().isPresent()) {
            // RFC 4959 §3: "=" is an empty initial response
            String ir = cmd.initialResponse().get();
            initial = Optional.of(ir.equals("=") ? new byte[0] : decode(ir));
        }
        SaslStep step = exchange.start(initial);
        for (int round = 0; step instanceof SaslStep.Challenge ch; round++) {
            if (round >= MAX_SASL_ROUNDS) {
                throw CommandFailure.bad("too many authentication rounds");
            }
            step = exchange.next(challenge(ch.data()));
        }
        return finish(step);
    }

    /** Sends a challenge and reads the client's answer (RFC 9051 §6.2.2); "*" cancels. */
    private byte[] challenge(byte[] data) throws IOException, CommandFailure {
        ctx.untagged(new ImapResponse.Continuation(Base64.getEncoder().encodeToString(data)));
        ctx.out.flushTo(transport.out());
        transport.flush();
        ImapTransport.RawLine line = transport.readLine(MAX_SASL_LINE);
        String text = new String(line.content(), StandardCharsets.US_ASCII).strip();
        if (line.tooLong()) {
            throw CommandFailure.bad("authentication response too long");
        }
        if (text.equals("*")) {
            throw CommandFailure.bad("authentication cancelled");
        }
        return decode(text);
    }

    private static byte[] decode(String base64) throws CommandFailure {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.bad("invalid base64");
        }
    }

    private void checkThrottle() throws CommandFailure {
        InetAddress a = transport.remote().getAddress();
        if (a != null && services.throttle().isLockedOut(a)) {
            throw CommandFailure.no("UNAVAILABLE", "too many failed logins, try later");
        }
    }

    private Account finish(SaslStep step) throws CommandFailure {
        switch (step) {
            case SaslStep.Success s -> {
                Optional<Account> account = lookup(s.account());
                if (account.isPresent() && !account.get().disabled()) {
                    InetAddress a = transport.remote().getAddress();
                    if (a != null) {
                        services.throttle().success(a);
                    }
                    return account.get();
                }
                return failed();
            }
            case SaslStep.Failure f -> {
                return failed();
            }
            case SaslStep.Challenge c -> throw new IllegalStateException("challenges are answered before finishing");
        }
    }

    private Optional<Account> lookup(String name) {
        try {
            return services.store().directory().findAccount(EmailAddress.parse(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Account failed() throws CommandFailure {
        InetAddress a = transport.remote().getAddress();
        if (a != null) {
            Duration delay = services.throttle().delayAfterFailure(a);
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay); // a virtual thread: the wait costs no carrier thread
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        throw CommandFailure.no("AUTHENTICATIONFAILED", "authentication failed"); // RFC 5530
    }
}
