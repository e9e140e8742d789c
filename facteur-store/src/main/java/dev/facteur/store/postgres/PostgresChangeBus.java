package dev.facteur.store.postgres;

import dev.facteur.store.ChangeBus;
import dev.facteur.store.ChangeEvent;
import dev.facteur.store.StoreException;
import dev.facteur.store.StoreSettings;
import dev.facteur.store.sql.EventSink;
import dev.facteur.store.sql.InProcessChangeBus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change events across nodes: each transaction NOTIFYs its events on one channel (delivered by
 * PostgreSQL only if it commits, in commit order), and every node LISTENs on its own
 * connection and hands what it hears to its local subscribers, its own events included.
 */
public final class PostgresChangeBus implements ChangeBus, EventSink, AutoCloseable {
    static final String CHANNEL = "facteur_changes";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresChangeBus.class);
    /** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; lines are packed below this. */
    private static final int MAX_PAYLOAD = 7000;
    private static final int POLL_MILLIS = 250;

    private final StoreSettings.Postgres settings;
    private final InProcessChangeBus local = new InProcessChangeBus();
    private final CountDownLatch listening = new CountDownLatch(1);
    private final Thread listener;
    private volatile boolean closed;
    private volatile Connection connection;

    public PostgresChangeBus(StoreSettings.Postgres settings) {
        this.settings = settings;
        this.listener = Thread.ofPlatform().name("facteur-pg-listen").daemon(true).start(this::listen);
        try {
            if (!listening.await(30, TimeUnit.SECONDS)) {
                close();
                throw new StoreException("could not LISTEN on PostgreSQL within 30 seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new StoreException("interrupted while starting to LISTEN", e);
        }
    }

    @Override
    public Subscription subscribe(long accountId, Consumer<ChangeEvent> listener) {
        return local.subscribe(accountId, listener);
    }

    @Override
    public void beforeCommit(Connection c, List<ChangeEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            for (String payload : NotifyPayload.pack(events, MAX_PAYLOAD)) {
                ps.setString(1, payload);
                ps.execute();
            }
        }
    }

    @Override
    public void afterCommit(List<ChangeEvent> events) {
        // Delivered by the LISTEN connection, to this node as to every other.
    }

    private void listen() {
        while (!closed) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                listening.countDown();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] batch = pg.getNotifications(POLL_MILLIS);
                    if (batch != null) {
                        deliver(batch);
                    }
                }
            } catch (SQLException e) {
                if (!closed) {
                    LOG.warn("LISTEN connection to PostgreSQL lost; reconnecting", e);
                    pause();
                }
            }
        }
    }

    private void deliver(PGNotification[] batch) {
        List<ChangeEvent> events = new ArrayList<>();
        for (PGNotification n : batch) {
            if (CHANNEL.equals(n.getName())) {
                events.addAll(NotifyPayload.unpack(n.getParameter()));
            }
        }
        local.deliver(events);
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", settings.user());
        p.setProperty("password", settings.password());
        return DriverManager.getConnection(settings.jdbcUrl(), p);
    }

    private static void pause() {
        try {
            Thread.sleep(1000); // reconnect back-off; never reached in tests
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing the LISTEN connection failed", e);
            }
        }
        listener.interrupt();
        local.close();
    }
}
