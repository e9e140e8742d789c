package dev.facteur.bench.store;

import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.store.Account;
import dev.facteur.store.Store;
import dev.facteur.store.StoreSettings;
import dev.facteur.store.Stores;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Opens a store for a benchmark: SQLite in a temp directory, or a fresh database on the
 * PostgreSQL server named by {@code FACTEUR_TEST_PG_URL} (start one with scripts/test-postgres.sh).
 * The data directory is under {@code facteur.bench.dir} (default: the system temp directory),
 * so that fsyncs hit the disk being measured.
 */
final class BenchStores {
    private BenchStores() {}

    static Path tempDir() throws IOException {
        Path base = Path.of(System.getProperty("facteur.bench.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "facteur-bench-");
    }

    static Store open(String backend, Path dir) throws SQLException {
        return open(backend, dir, StoreSettings.DEFAULT_INLINE_BLOB_LIMIT);
    }

    /** As {@link #open(String, Path)}, with blobs of at most {@code inlineLimit} bytes in the database. */
    static Store open(String backend, Path dir, int inlineLimit) throws SQLException {
        // The pool's DEBUG housekeeping lines would interleave with JMH's output.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        return switch (backend) {
            case "sqlite" -> Stores.open(StoreSettings.sqlite(dir).withInlineBlobLimit(inlineLimit));
            case "postgres" -> Stores.open(postgres(dir).withInlineBlobLimit(inlineLimit));
            default -> throw new IllegalArgumentException("backend is sqlite or postgres, not " + backend);
        };
    }

    private static StoreSettings postgres(Path dir) throws SQLException {
        String url = System.getenv("FACTEUR_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("the postgres benchmarks need FACTEUR_TEST_PG_URL: "
                    + "eval \"$(scripts/test-postgres.sh)\" first");
        }
        Map<String, String> q = query(url);
        String name = "facteur_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        CREATED.add(name);
        String dbUrl = url.replaceFirst("^(jdbc:postgresql://[^/?]+/)[^?]*", "$1" + name);
        return new StoreSettings(dir, new StoreSettings.Postgres(dbUrl, q.get("user"), q.get("password")),
                StoreSettings.DEFAULT_READERS, 64, StoreSettings.DEFAULT_BLOB_GRACE);
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new HashMap<>();
        int at = url.indexOf('?');
        for (String pair : at < 0 ? new String[0] : url.substring(at + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static final java.util.List<String> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Drops the PostgreSQL databases this JVM created (call after closing the store). */
    static void dropDatabases() throws SQLException {
        String url = System.getenv("FACTEUR_TEST_PG_URL");
        if (url == null || CREATED.isEmpty()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String name : CREATED) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
        CREATED.clear();
    }

    static Account account(Store store) {
        store.directory().addDomain(Domain.of("bench.test"));
        return store.directory().addAccount(EmailAddress.parse("bench@bench.test"), "$argon2id$bench");
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
