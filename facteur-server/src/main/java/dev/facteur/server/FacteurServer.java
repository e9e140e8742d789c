package dev.facteur.server;

import dev.facteur.core.config.FacteurConfig;
import dev.facteur.server.cli.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import dev.facteur.core.config.ListenerRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: every service started from one configuration, stopped in reverse order.
 * Wiring is plain constructor calls; nothing is discovered by reflection.
 */
public final class FacteurServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FacteurServer.class);

    private final FacteurConfig config;
    private final Deque<AutoCloseable> services = new ArrayDeque<>();
    private final Map<ListenerRole, Integer> ports = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean closing;

    private FacteurServer(FacteurConfig config) {
        this.config = config;
    }

    /** Starts everything the configuration asks for; on failure, stops what was started and throws. */
    /**
     * Sets up logging (SLF4J, Logback, the java.util.logging bridge) ahead of {@link #start}; a
     * caller may run it beside the reading of the configuration. Safe to call again.
     */
    public static void prepareLogging() {
        Logging.bridgeJul();
    }

    public static FacteurServer start(FacteurConfig config) {
        long t0 = System.nanoTime();
        Logging.bridgeJul();
        Logging.setLevel(config.logLevel());
        FacteurServer server = new FacteurServer(config);
        try {
            Files.createDirectories(config.dataDir());
            Wiring.startAll(config, server::add, server.ports);
        } catch (IOException e) {
            server.close();
            throw new UserException("cannot create data directory " + config.dataDir() + ": " + e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            server.close();
            throw new UserException(e.getMessage());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.atInfo().addKeyValue("hostname", config.hostname()).addKeyValue("data", config.dataDir())
                .addKeyValue("startup_ms", Duration.ofNanos(System.nanoTime() - t0).toMillis())
                .log("facteur ready");
        return server;
    }

    /**
     * Greets every plain-text listener once ({@link StartupExercise}), then stops; returns the
     * exit status: 0 when every listener answered.
     */
    public int exerciseAndClose() {
        List<String> problems = StartupExercise.run(config, this);
        problems.forEach(p -> LOG.atWarn().log("start-up exercise: {}", p));
        close();
        return problems.isEmpty() ? 0 : 1;
    }

    /** The port a listener is bound to (the real one when configured with port 0). */
    public Optional<Integer> port(ListenerRole role) {
        return Optional.ofNullable(ports.get(role));
    }

    private void add(AutoCloseable service) {
        services.push(service);
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        LOG.info("shutting down");
        while (!services.isEmpty()) {
            AutoCloseable s = services.pop();
            try {
                s.close();
            } catch (Exception e) {
                LOG.atWarn().setCause(e).log("error while stopping {}", s);
            }
        }
        LOG.info("stopped");
        closed.countDown();
    }
}
