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

    /**
     * One statement that appends a message, where the database can do it in one round trip:
     * raises the mailbox's UIDNEXT and HIGHESTMODSEQ, inserts the message row and its change-log
     * row, and returns (account_id, uid_validity, uid, modseq, quota_bytes). Parameters: mailbox
     * id, flags, seen, internal date, save date, size, blob, email id, thread id, summary, internal
     * zone (seconds), header (or NULL).
     * Empty where the separate statements are as cheap (SQLite runs in process).
     */
    java.util.Optional<String> appendStatement();

    /** Serialises concurrent migrators (advisory lock on PostgreSQL; SQLite has one writer). */
    void lockForMigration(Connection connection) throws SQLException;
}
