package dev.facteur.store.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** What differs between SQLite and PostgreSQL, in one place per backend. */
public interface Dialect {

    /** Substitutions for {@code ${name}} placeholders in migration files (column types). */
    Map<String, String> migrationPlaceholders();

    /** Appended to the claim query of the outbound queue ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL). */
    String lockForClaim();

    /** True if the exception is a unique or primary-key violation. */
    boolean isUniqueViolation(SQLException e);

    /** Serialises concurrent migrators (advisory lock on PostgreSQL; SQLite has one writer). */
    void lockForMigration(Connection connection) throws SQLException;
}
