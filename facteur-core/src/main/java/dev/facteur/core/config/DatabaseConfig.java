package dev.facteur.core.config;

import java.nio.file.Path;
import java.util.Optional;

/** The metadata database: an embedded SQLite file, or PostgreSQL by JDBC URL. */
public sealed interface DatabaseConfig {

    record Sqlite(Path file) implements DatabaseConfig {}

    /** @param url a {@code jdbc:postgresql://} URL */
    record Postgres(String url, Optional<String> user, Optional<String> password, int poolSize)
            implements DatabaseConfig {
        @Override
        public String toString() {
            return "Postgres[" + url + ", user=" + user.orElse("") + "]";
        }
    }
}
