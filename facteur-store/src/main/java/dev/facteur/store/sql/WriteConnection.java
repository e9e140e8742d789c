package dev.facteur.store.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** How a {@link GroupCommitWriter} gets a connection in a fresh transaction and ends it. */
public interface WriteConnection {

    /** A connection inside a new transaction. */
    Connection begin() throws SQLException;

    void commit(Connection c) throws SQLException;

    /** Rolls back what the batch did; failures are logged, not thrown. */
    void rollback(Connection c);

    /** Gives the connection back (to a pool, or keeps it for the next batch). */
    void release(Connection c);
}
