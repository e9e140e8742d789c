package dev.facteur.store.sql;

import dev.facteur.store.ChangeEvent;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * One unit of work's view of a transaction: the connection and the change events it raises.
 * Events are handed to the {@link EventSink} only when the transaction commits.
 */
public final class Tx {
    private final Connection connection;
    private final Dialect dialect;
    private final List<ChangeEvent> events = new ArrayList<>();

    public Tx(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    public Connection connection() {
        return connection;
    }

    public Dialect dialect() {
        return dialect;
    }

    public Sql sql(String statement) {
        return new Sql(connection, statement);
    }

    /** Records an event to publish after commit. */
    public void publish(ChangeEvent event) {
        events.add(event);
    }

    public List<ChangeEvent> events() {
        return events;
    }
}
