package dev.facteur.store;

import java.util.function.Consumer;

/**
 * Delivers {@link ChangeEvent}s to subscribers: in-process for SQLite, LISTEN/NOTIFY across
 * nodes for PostgreSQL. Listeners run on a bus thread and must not block; they typically wake
 * a session (IDLE) that then reads the store.
 */
public interface ChangeBus {

    /** Subscribes to the changes of one account; close the returned handle to stop. */
    Subscription subscribe(long accountId, Consumer<ChangeEvent> listener);

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
