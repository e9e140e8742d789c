package dev.facteur.store.sql;

import dev.facteur.store.ChangeBus;
import dev.facteur.store.ChangeEvent;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers change events to subscribers in this process, in commit order, on one bus thread
 * (so a slow listener never holds up the writer). Also the local fan-out of the PostgreSQL bus.
 */
public final class InProcessChangeBus implements ChangeBus, EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessChangeBus.class);

    private final Map<Long, List<Consumer<ChangeEvent>>> listeners = new ConcurrentHashMap<>();
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "facteur-change-bus");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Subscription subscribe(long accountId, Consumer<ChangeEvent> listener) {
        List<Consumer<ChangeEvent>> list = listeners.computeIfAbsent(accountId, k -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> {
            list.remove(listener);
            listeners.computeIfPresent(accountId, (k, v) -> v.isEmpty() ? null : v);
        };
    }

    @Override
    public void beforeCommit(Connection connection, List<ChangeEvent> events) {
        // In-process delivery happens after commit only.
    }

    @Override
    public void afterCommit(List<ChangeEvent> events) {
        deliver(events);
    }

    /** Hands the events to the subscribers of their accounts, asynchronously and in order. */
    public void deliver(List<ChangeEvent> events) {
        if (events.isEmpty() || dispatcher.isShutdown()) {
            return;
        }
        // Listeners are chosen now: one that subscribes after this point hears only later commits.
        List<Map.Entry<ChangeEvent, List<Consumer<ChangeEvent>>>> targets = new java.util.ArrayList<>();
        for (ChangeEvent e : events) {
            List<Consumer<ChangeEvent>> list = listeners.get(e.accountId());
            if (list != null && !list.isEmpty()) {
                targets.add(Map.entry(e, List.copyOf(list)));
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        try {
            dispatcher.execute(() -> dispatch(targets));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("change bus closed; {} events dropped", targets.size());
        }
    }

    private static void dispatch(List<Map.Entry<ChangeEvent, List<Consumer<ChangeEvent>>>> targets) {
        for (Map.Entry<ChangeEvent, List<Consumer<ChangeEvent>>> t : targets) {
            ChangeEvent e = t.getKey();
            for (Consumer<ChangeEvent> l : t.getValue()) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("change listener failed", ex);
                }
            }
        }
    }

    @Override
    public void close() {
        dispatcher.shutdown();
    }
}
