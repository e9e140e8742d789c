package dev.facteur.pop3.server;

import dev.facteur.pop3.proto.Pop3Command;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * POP3 protocol metrics: connections, commands by name and reply status, authentication
 * results. Names: {@code facteur.pop3.connections}, {@code facteur.pop3.commands} (tags
 * {@code command}, {@code status} = ok or err), {@code facteur.pop3.auth} (tag {@code result} =
 * success or failure). Tag values come from closed sets, whatever clients send.
 */
final class Pop3Metrics {
    /** A registry that records nothing (a composite without children), the default. */
    static MeterRegistry none() {
        return new CompositeMeterRegistry();
    }

    private final MeterRegistry registry;
    private final Counter connections;
    /** The command counters by keyword and status, looked up once each (a RETR loop stays cheap). */
    private final Map<String, Counter> commands = new ConcurrentHashMap<>();

    Pop3Metrics(MeterRegistry registry) {
        this.registry = registry;
        this.connections = Counter.builder("facteur.pop3.connections").description("POP3 connections served")
                .register(registry);
    }

    void connection() {
        connections.increment();
    }

    /** One command answered; {@code ok} is the status of its (last) reply. */
    void command(Pop3Command command, boolean ok) {
        String status = ok ? "ok" : "err";
        commands.computeIfAbsent(command.keyword() + ' ' + status, k -> Counter.builder("facteur.pop3.commands")
                .tag("command", command.keyword().toLowerCase(Locale.ROOT)).tag("status", status)
                .description("POP3 commands by reply status").register(registry)).increment();
    }

    /** One USER/PASS, APOP or AUTH attempt that ended in success (credentials accepted) or failure. */
    void auth(boolean success) {
        Counter.builder("facteur.pop3.auth").tag("result", success ? "success" : "failure")
                .description("POP3 authentication attempts").register(registry).increment();
    }
}
