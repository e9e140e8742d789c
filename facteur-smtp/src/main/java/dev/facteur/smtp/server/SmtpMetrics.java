package dev.facteur.smtp.server;

import dev.facteur.smtp.proto.SmtpCommand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Micrometer meters of the SMTP server: commands by verb, messages accepted and rejected (with
 * their octets), authentication results by mechanism. Connections are counted by the listener
 * (core net's {@code ConnectionObserver}), so IMAP and POP3 report them the same way. Every tag
 * value comes from a closed set (never from client text), so the number of series is bounded.
 */
final class SmtpMetrics {
    /** The two counters of one (role, reply code) pair. */
    private record MessageCounters(Counter messages, Counter bytes) {}

    private final MeterRegistry registry;
    private final DistributionSummary acceptedBytes;
    // Meters looked up once per tag set (registering builds an id and searches the registry each time);
    // the tag sets are closed, so these maps stay small.
    private final ConcurrentHashMap<String, Counter> commands = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, MessageCounters> messages = new ConcurrentHashMap<>();

    SmtpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.acceptedBytes = DistributionSummary.builder("facteur.smtp.messages.accepted.size").baseUnit("bytes")
                .description("Size of messages accepted (250 after DATA or BDAT LAST)").register(registry);
    }

    /** A command that parsed, before the state rules decide on it. */
    void command(SmtpCommand c) {
        commands.computeIfAbsent(verb(c), v -> Counter.builder("facteur.smtp.commands").tag("command", v)
                .description("SMTP commands received").register(registry)).increment();
    }

    /** A command line that did not parse (unknown verb or bad syntax). */
    void unparsedCommand() {
        Counter.builder("facteur.smtp.commands").tag("command", "invalid")
                .description("SMTP commands received").register(registry).increment();
    }

    /** The end of a message transaction: accepted (2xx) or refused with the reply's code. */
    void message(String role, int code, long octets) {
        boolean accepted = code / 100 == 2;
        MessageCounters counters = messages.computeIfAbsent(role + " " + code, k -> new MessageCounters(
                Counter.builder("facteur.smtp.messages").tag("role", role).tag("result", accepted ? "accepted" : "rejected")
                        .tag("code", Integer.toString(code)).description("Messages at the end of DATA or BDAT LAST")
                        .register(registry),
                Counter.builder("facteur.smtp.messages.bytes").baseUnit("bytes").tag("role", role)
                        .tag("result", accepted ? "accepted" : "rejected")
                        .description("Octets of messages at the end of DATA or BDAT LAST").register(registry)));
        counters.messages().increment();
        counters.bytes().increment(octets);
        if (accepted) {
            acceptedBytes.record(octets);
        }
    }

    /** One AUTH exchange's outcome; unknown mechanisms are counted as "other". */
    void auth(String mechanism, boolean success) {
        String m = mechanism.toUpperCase(Locale.ROOT);
        String tag = switch (m) {
            case "PLAIN", "LOGIN", "SCRAM-SHA-256", "OAUTHBEARER", "XOAUTH2" -> m;
            default -> "other";
        };
        Counter.builder("facteur.smtp.auth").tag("mechanism", tag).tag("result", success ? "success" : "failure")
                .description("SMTP AUTH outcomes").register(registry).increment();
    }

    private static String verb(SmtpCommand c) {
        return switch (c) {
            case SmtpCommand.Ehlo e -> "ehlo";
            case SmtpCommand.Helo h -> "helo";
            case SmtpCommand.Mail m -> "mail";
            case SmtpCommand.Rcpt r -> "rcpt";
            case SmtpCommand.Data d -> "data";
            case SmtpCommand.Bdat b -> "bdat";
            case SmtpCommand.Rset r -> "rset";
            case SmtpCommand.Noop n -> "noop";
            case SmtpCommand.Help h -> "help";
            case SmtpCommand.Vrfy v -> "vrfy";
            case SmtpCommand.Expn e -> "expn";
            case SmtpCommand.Quit q -> "quit";
            case SmtpCommand.StartTls s -> "starttls";
            case SmtpCommand.Auth a -> "auth";
        };
    }
}
