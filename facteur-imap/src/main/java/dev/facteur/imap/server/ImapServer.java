package dev.facteur.imap.server;

import dev.facteur.core.net.Connection;
import dev.facteur.core.net.ConnectionHandler;
import dev.facteur.core.net.Refusal;
import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.imap.proto.ImapResponse;
import dev.facteur.imap.proto.ResponseWriter;
import dev.facteur.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The IMAP protocol for a {@code dev.facteur.core.net.TcpListener}: one {@link ImapSession}
 * per connection. Wire it once and give the same instance to the IMAP (143, STARTTLS) and
 * IMAPS (993, implicit TLS) listeners:
 * <pre>{@code
 * ImapServer imap = new ImapServer(ImapServerSettings.defaults("mail.example.com"), store, sasl, throttle, clock);
 * new TcpListener(ListenerSettings..., Optional.of(tls), imap).start();
 * }</pre>
 */
public final class ImapServer implements ConnectionHandler {

    private final ImapServices services;

    /** A server whose metrics go nowhere (tests, tools). */
    public ImapServer(ImapServerSettings settings, Store store, SaslAuthenticator sasl, AuthThrottle throttle,
                      InstantSource clock) {
        this(settings, store, sasl, throttle, clock, new SimpleMeterRegistry());
    }

    /** A server that counts connections, commands and authentication results in {@code metrics}. */
    public ImapServer(ImapServerSettings settings, Store store, SaslAuthenticator sasl, AuthThrottle throttle,
                      InstantSource clock, MeterRegistry metrics) {
        this.services = new ImapServices(settings, store, sasl, throttle, clock, new ImapMetrics(metrics), new RecentClaims(),
                new LocalChanges());
    }

    @Override
    public void handle(Connection connection) throws IOException {
        services.metrics().connection();
        new ImapSession(new ConnectionTransport(connection), services).run();
    }

    /**
     * Small connection buffers: commands are short, large responses are written past the
     * buffer (the response writer hands them over in one piece), literals are copied through it,
     * and 10,000 IDLE sessions must fit in a few hundred megabytes with the rest of the server.
     */
    @Override
    public int bufferSize() {
        return 512; // the smallest a Connection takes: a line longer than this is read in pieces
    }

    @Override
    public void refuse(Connection connection, Refusal reason) throws IOException {
        ResponseWriter w = new ResponseWriter();
        // RFC 9051 §7.1.5: BYE on a connection the server will not serve
        w.write(new ImapResponse.Condition(ImapResponse.Status.BYE, Optional.of("UNAVAILABLE"), "too many connections, try later"));
        w.flushTo(connection.out());
        connection.flush();
    }
}
