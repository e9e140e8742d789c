package dev.facteur.store.sql;

import dev.facteur.store.ChangeEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Where a {@link Database} sends the change events of a transaction: inside it, just before
 * commit (PostgreSQL NOTIFY, delivered by the server only if the transaction commits), or after
 * it has committed (the in-process bus).
 */
public interface EventSink {

    void beforeCommit(Connection connection, List<ChangeEvent> events) throws SQLException;

    void afterCommit(List<ChangeEvent> events);
}
