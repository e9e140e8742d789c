package dev.facteur.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.facteur.server.StoreAccess;
import dev.facteur.smtp.outbound.QueueAdmin;
import dev.facteur.store.RecipientState;
import dev.facteur.store.Store;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code facteur queue}: the outbound queue. Works while the server runs; a retried or
 * released message is picked up by the server's next poll (a few seconds).
 */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "Inspect and manage the outbound queue (also while the server runs).")
public final class QueueCommand implements Runnable {
    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Configuration file (TOML). Default: the embedded configuration (data under ./data).")
    java.nio.file.Path configFile;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private <T> T withQueue(Function<QueueAdmin, T> action) {
        try (Store store = StoreAccess.open(ConfigOption.load(Optional.ofNullable(configFile)))) {
            return action.apply(new QueueAdmin(store.queue(), store.blobs(), () -> { }));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List queued messages, oldest first.")
    int list(@Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
             int limit, @Option(names = "--json", description = "JSON for machines.") boolean json) throws Exception {
        if (limit < 1) {
            throw new UserException("--limit must be at least 1");
        }
        List<QueueAdmin.Entry> entries = withQueue(q -> q.list(limit));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(mapper().writeValueAsString(entries));
            return 0;
        }
        if (entries.isEmpty()) {
            out.println("the queue is empty");
            return 0;
        }
        out.printf("%-8s %-8s %-32s %6s %9s %-20s %s%n", "ID", "STATE", "SENDER", "RCPTS", "SIZE", "NEXT ATTEMPT", "LAST ERROR");
        for (QueueAdmin.Entry e : entries) {
            out.printf("%-8d %-8s %-32s %6s %9s %-20s %s%n", e.id(), e.held() ? "held" : "queued",
                    e.sender().isEmpty() ? "<>" : e.sender(), e.pending() + "/" + e.recipients(), Sizes.human(e.size()),
                    e.nextAttempt().toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z"), e.lastError());
        }
        return 0;
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a queued message: recipients with their state and the message's headers.")
    int show(@Parameters(paramLabel = "ID") long id, @Option(names = "--json") boolean json) throws Exception {
        Optional<QueueAdmin.Detail> d = withQueue(q -> q.show(id));
        if (d.isEmpty()) {
            throw new UserException("no queued message " + id);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(mapper().writeValueAsString(d.get()));
            return 0;
        }
        QueueAdmin.Entry e = d.get().entry();
        out.println("id:           " + e.id() + (e.held() ? " (held)" : ""));
        out.println("sender:       " + (e.sender().isEmpty() ? "<>" : e.sender()));
        out.println("size:         " + Sizes.human(e.size()));
        out.println("queued:       " + e.queuedAt());
        out.println("attempts:     " + e.attempts() + ", next " + e.nextAttempt());
        for (RecipientState r : d.get().recipients()) {
            out.println("recipient:    " + r.recipient().address() + "  " + r.status().name().toLowerCase()
                    + (r.lastReply() == null || r.lastReply().isEmpty() ? "" : "  " + r.lastReply()));
        }
        out.println();
        out.print(d.get().headers());
        return 0;
    }

    @Command(name = "retry", mixinStandardHelpOptions = true, description = "Make a message due now (releases a hold).")
    int retry(@Parameters(paramLabel = "ID") long id) {
        return act(id, "retry", QueueAdmin::retry, "will be retried now");
    }

    @Command(name = "hold", mixinStandardHelpOptions = true, description = "Keep a message in the queue without delivering it.")
    int hold(@Parameters(paramLabel = "ID") long id) {
        return act(id, "hold", QueueAdmin::hold, "is held");
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Deliver a held message again.")
    int release(@Parameters(paramLabel = "ID") long id) {
        return act(id, "release", QueueAdmin::release, "is released");
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Remove a message from the queue without notifying its sender.")
    int delete(@Parameters(paramLabel = "ID") long id) {
        return act(id, "delete", QueueAdmin::delete, "is deleted");
    }

    private interface Action {
        boolean apply(QueueAdmin admin, long id);
    }

    private int act(long id, String verb, Action action, String done) {
        boolean found = withQueue(q -> action.apply(q, id));
        if (!found) {
            throw new UserException("no queued message " + id);
        }
        spec.commandLine().getOut().println("message " + id + " " + done);
        return 0;
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
