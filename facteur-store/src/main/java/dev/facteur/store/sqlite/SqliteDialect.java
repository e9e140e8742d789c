package dev.facteur.store.sqlite;

import dev.facteur.store.sql.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** SQLite's column types and error codes. */
public final class SqliteDialect implements Dialect {

    @Override
    public Map<String, String> migrationPlaceholders() {
        // AUTOINCREMENT: ids of deleted rows are never handed out again.
        return Map.of("id", "INTEGER PRIMARY KEY AUTOINCREMENT", "bytes", "BLOB");
    }

    @Override
    public String lockForClaim() {
        return ""; // one writer: claims cannot race
    }

    @Override
    public java.util.Optional<String> appendStatement() {
        return java.util.Optional.empty(); // no data-modifying WITH; statements cost no round trip here
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return e instanceof SQLiteException s
                && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                        || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
    }

    @Override
    public void lockForMigration(Connection connection) {
        // The single writer serialises migrations within a process; BEGIN IMMEDIATE across processes.
    }
}
