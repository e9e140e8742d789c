package dev.facteur.pop3.server;

import dev.facteur.core.net.Connection;
import dev.facteur.core.net.ConnectionHandler;
import dev.facteur.core.net.Refusal;
import dev.facteur.pop3.proto.Pop3Response.Status;
import dev.facteur.pop3.proto.Pop3ResponseWriter;
import dev.facteur.pop3.proto.ResponseCode;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The POP3 service, handed to a {@code dev.facteur.core.net.TcpListener} for port 110 (with
 * STLS when the listener has a certificate) and another for 995 (implicit TLS, RFC 8314 §3.3).
 * Both listeners can share one instance, so the maildrop locks and LOGIN-DELAY cover both.
 *
 * <pre>{@code
 * StoreMaildropLocks locks = new StoreMaildropLocks(sqlStore.leases(), StoreMaildropLocks.DEFAULT_TTL);
 * Pop3Server pop3 = new Pop3Server(Pop3Settings.defaults(hostname, allowPlaintextOnLoopback),
 *         new Pop3Services(sasl, throttle, store, locks, Optional.empty(), clock), meterRegistry);
 * new TcpListener(pop3Listener, Optional.of(tls), pop3).start();
 * new TcpListener(pop3sListener, Optional.of(tls), pop3).start();
 * }</pre>
 */
public final class Pop3Server implements ConnectionHandler {
    private final Pop3Settings settings;
    private final Pop3Services services;
    private final MaildropOpener opener;
    private final Transactions transactions;
    private final LoginDelays delays;
    private final Pop3Metrics metrics;
    private final SecureRandom random = new SecureRandom();

    /** A server whose metrics go nowhere. */
    public Pop3Server(Pop3Settings settings, Pop3Services services) {
        this(settings, services, Pop3Metrics.none());
    }

    /** A server recording {@code facteur.pop3.*} meters (see {@link Pop3Metrics}) in {@code registry}. */
    public Pop3Server(Pop3Settings settings, Pop3Services services, MeterRegistry registry) {
        this.settings = settings;
        this.metrics = new Pop3Metrics(registry);
        this.services = services;
        this.delays = new LoginDelays(settings.loginDelay(), services.clock());
        this.opener = new MaildropOpener(services.store(), services.locks(), delays,
                new WireSizes(services.store().blobs()));
        this.transactions = new Transactions(services.store().mailboxes(), services.store().blobs());
    }

    @Override
    public void handle(Connection connection) throws IOException {
        Optional<String> timestamp = services.apop().map(a -> apopTimestamp());
        Pop3Authenticator authenticator = new Pop3Authenticator(settings, services,
                connection.remote().getAddress(), timestamp, Pop3Server::pause);
        metrics.connection();
        new Pop3Session(settings, connection, new Pop3Session.Parts(authenticator, opener, transactions, timestamp,
                delays.seconds()), metrics).run();
    }

    @Override
    public void refuse(Connection connection, Refusal reason) throws IOException {
        Status reply = switch (reason) {
            case TOO_MANY_FROM_ADDRESS -> Status.err(ResponseCode.SYS_TEMP, "too many connections from your address");
        };
        new Pop3ResponseWriter(connection.out()).write(reply);
        connection.flush();
    }

    /** RFC 1939 §7: a timestamp unique to this greeting, {@code <random.clock@hostname>}. */
    private String apopTimestamp() {
        byte[] nonce = new byte[8];
        random.nextBytes(nonce);
        return "<" + HexFormat.of().formatHex(nonce) + "." + services.clock().millis() + "@" + settings.hostname() + ">";
    }

    /** Waits out an authentication failure's throttle delay (zero in tests). */
    private static void pause(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
