package dev.facteur.store.sql;

import java.sql.SQLException;

/** A unit of work run inside one transaction. */
@FunctionalInterface
public interface Work<T> {
    T run(Tx tx) throws SQLException;
}
