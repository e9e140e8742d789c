package dev.facteur.imap.server;

import dev.facteur.imap.proto.Command;
import dev.facteur.imap.proto.ImapResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * IMAP protocol metrics: connections, commands by name and result, authentication results.
 * Names: {@code facteur.imap.connections}, {@code facteur.imap.commands} (tags {@code command},
 * {@code status}), {@code facteur.imap.auth} (tag {@code result}).
 */
final class ImapMetrics {

    private final MeterRegistry registry;
    private final Counter connections;
    /** Per command type, its counters by status: a registry lookup per command cost ~3 % of a NOOP. */
    private final Map<Class<?>, AtomicReferenceArray<Counter>> commands = new ConcurrentHashMap<>();

    ImapMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.connections = Counter.builder("facteur.imap.connections").description("IMAP connections served")
                .register(registry);
    }

    void connection() {
        connections.increment();
    }

    /** One completed command; {@code done} is null when the command answered itself (STARTTLS, COMPRESS). */
    void command(Command cmd, @Nullable ImapResponse done) {
        ImapResponse.Status status = done instanceof ImapResponse.Tagged t ? t.status() : ImapResponse.Status.OK;
        AtomicReferenceArray<Counter> byStatus = commands.computeIfAbsent(cmd.getClass(),
                c -> new AtomicReferenceArray<>(ImapResponse.Status.values().length));
        Counter counter = byStatus.get(status.ordinal());
        if (counter == null) {
            counter = Counter.builder("facteur.imap.commands").tag("command", name(cmd)).tag("status", status.name())
                    .register(registry); // idempotent: a race registers the same meter
            byStatus.set(status.ordinal(), counter);
        }
        counter.increment();
        if (cmd instanceof Command.Login || cmd instanceof Command.Authenticate) {
            Counter.builder("facteur.imap.auth").tag("result", status == ImapResponse.Status.OK ? "success" : "failure")
                    .register(registry).increment();
        }
    }

    /** A closed set of names (the command types), so tags stay bounded whatever clients send. */
    private static String name(Command cmd) {
        return cmd.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
