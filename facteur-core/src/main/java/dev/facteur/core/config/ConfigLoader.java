package dev.facteur.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads and validates the TOML configuration. Every problem is collected and reported
 * together with the file, line and key; unknown keys are refused; nothing is clamped.
 */
public final class ConfigLoader {
    private static final Set<String> TOP = Set.of("hostname", "data_dir", "log_level", "database", "tls", "dns",
            "listeners", "limits", "delivery", "auth", "http", "reports");
    private static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug", "trace");

    private ConfigLoader() {}

    /** The embedded default: data under ./data, SQLite, listeners on 127.0.0.1 with unprivileged ports. */
    public static FacteurConfig defaults() {
        try {
            return build(Optional.empty(), "", Path.of("."));
        } catch (ConfigException e) {
            throw new IllegalStateException("the built-in defaults are invalid", e);
        }
    }

    /** Loads {@code file}; relative paths inside it are resolved against the file's directory. */
    public static FacteurConfig load(Path file) throws ConfigException {
        String name = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(name, 0, "", "cannot read the file: "
                    + describe(e))));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(new ConfigProblem(name, 0, "", "the file is not valid UTF-8")));
        }
        Path base = file.toAbsolutePath().getParent();
        return build(Optional.of(file), text, base == null ? Path.of(".") : base);
    }

    private static String describe(IOException e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException n -> "no such file";
            case java.nio.file.AccessDeniedException a -> "permission denied";
            default -> e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        };
    }

    private static FacteurConfig build(Optional<Path> source, String text, Path base) throws ConfigException {
        String name = source.map(Path::toString).orElse("<defaults>");
        JsonNode root;
        try {
            root = TomlTree.read(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(List.of(new ConfigProblem(name, line, "", "TOML syntax: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // reading a string: not an I/O failure
        }
        ConfigReader r = new ConfigReader(name, root, new KeyLines(text), base);
        r.onlyKeys("", TOP);

        String hostname = r.hostname("hostname", "localhost");
        Path dataDir = r.path("data_dir", Path.of("data"));
        String logLevel = r.oneOf("log_level", LOG_LEVELS, "info");
        DatabaseConfig database = database(r, dataDir);
        TlsConfig tls = tls(r, dataDir);

        r.onlyKeys("dns", Set.of("servers", "timeout"));
        DnsConfig dns = new DnsConfig(r.addresses("dns.servers", 53), r.duration("dns.timeout", "5s"));

        Map<ListenerRole, ListenerConfig> listeners = listeners(r);

        r.onlyKeys("limits", Set.of("max_message_size", "max_recipients", "max_connections",
                "max_connections_per_ip", "idle_timeout", "max_errors"));
        long maxMessageSize = r.size("limits.max_message_size", "50MiB");
        if (maxMessageSize < 64 * 1024 || maxMessageSize > 1L << 30) {
            r.problem("limits.max_message_size", "must be between 64KiB and 1GiB");
        }
        LimitsConfig limits = new LimitsConfig(
                maxMessageSize,
                // RFC 5321 §4.5.3.1.8: a server must accept at least 100 recipients.
                r.integer("limits.max_recipients", 100, 100, 100_000),
                r.integer("limits.max_connections", 10_000, 1, 1_000_000),
                r.integer("limits.max_connections_per_ip", 50, 1, 100_000),
                r.duration("limits.idle_timeout", "30m"),
                r.integer("limits.max_errors", 10, 1, 1000));

        DeliveryConfig delivery = DeliverySection.delivery(r);
        HttpConfig http = DeliverySection.http(r);

        AuthConfig auth = auth(r);
        ReportsConfig reports = reports(r, hostname);
        r.throwIfProblems();
        return new FacteurConfig(source, hostname, dataDir, database, tls, dns, listeners, limits, delivery, auth,
                logLevel, http, reports);
    }

    private static DatabaseConfig database(ConfigReader r, Path dataDir) {
        r.onlyKeys("database", Set.of("url", "user", "password", "password_file", "pool_size"));
        Optional<String> url = r.optionalString("database.url");
        if (url.isEmpty() || url.get().startsWith("sqlite:")) {
            Path file = url.map(u -> r.resolve(u.substring("sqlite:".length()))).orElse(dataDir.resolve("facteur.db"));
            for (String k : List.of("user", "password", "password_file", "pool_size")) {
                if (r.has("database." + k)) {
                    r.problem("database." + k, "only applies to a PostgreSQL database");
                }
            }
            return new DatabaseConfig.Sqlite(file);
        }
        if (!url.get().startsWith("jdbc:postgresql://")) {
            r.problem("database.url", "must be sqlite:PATH or a jdbc:postgresql:// URL");
        }
        Optional<String> password = r.optionalString("database.password");
        Optional<Path> passwordFile = r.optionalString("database.password_file").map(r::resolve);
        if (password.isPresent() && passwordFile.isPresent()) {
            r.problem("database.password_file", "give either password or password_file, not both");
        }
        if (passwordFile.isPresent()) {
            try {
                password = Optional.of(Files.readString(passwordFile.get()).strip());
            } catch (IOException e) {
                r.problem("database.password_file", "cannot read " + passwordFile.get() + ": " + describe(e));
            }
        }
        return new DatabaseConfig.Postgres(url.get(), r.optionalString("database.user"), password,
                r.integer("database.pool_size", 16, 1, 1000));
    }

    private static TlsConfig tls(ConfigReader r, Path dataDir) {
        r.onlyKeys("tls", Set.of("certificate", "private_key"));
        Optional<Path> cert = r.optionalString("tls.certificate").map(r::resolve);
        Optional<Path> key = r.optionalString("tls.private_key").map(r::resolve);
        if (cert.isPresent() != key.isPresent()) {
            r.problem(cert.isPresent() ? "tls.private_key" : "tls.certificate",
                    "certificate and private_key go together: set both, or neither for a generated self-signed pair");
        }
        if (cert.isPresent() && key.isPresent()) {
            for (Map.Entry<String, Path> e : Map.of("tls.certificate", cert.get(), "tls.private_key", key.get()).entrySet()) {
                if (!Files.isReadable(e.getValue())) {
                    r.problem(e.getKey(), "cannot read " + e.getValue());
                }
            }
            return new TlsConfig(cert.get(), key.get(), false);
        }
        return new TlsConfig(dataDir.resolve("tls/cert.pem"), dataDir.resolve("tls/key.pem"), true);
    }

    private static Map<ListenerRole, ListenerConfig> listeners(ConfigReader r) {
        List<String> keys = new ArrayList<>();
        for (ListenerRole role : ListenerRole.values()) {
            keys.add(role.key());
        }
        r.onlyKeys("listeners", Set.copyOf(keys));
        Map<ListenerRole, ListenerConfig> listeners = new EnumMap<>(ListenerRole.class);
        for (ListenerRole role : ListenerRole.values()) {
            r.listener(role).ifPresent(l -> listeners.put(role, l));
        }
        Map<java.net.InetSocketAddress, ListenerRole> seen = new java.util.HashMap<>();
        for (ListenerConfig l : listeners.values()) {
            ListenerRole other = seen.put(l.address(), l.role());
            if (other != null && l.address().getPort() != 0) {
                r.problem("listeners." + l.role().key(), "same address as listeners." + other.key());
            }
        }
        return listeners;
    }

    private static ReportsConfig reports(ConfigReader r, String hostname) {
        r.onlyKeys("reports", Set.of("enabled", "from", "org_name", "failure_reports", "ingest_address", "retention"));
        boolean enabled = r.bool("reports.enabled", false);
        Optional<dev.facteur.core.mail.EmailAddress> from = r.emailAddress("reports.from");
        if (enabled && from.isEmpty() && !r.has("reports.from")) {
            r.problem("reports.enabled", "reports need a from address: set reports.from");
        }
        boolean failure = r.bool("reports.failure_reports", false);
        if (failure && !enabled) {
            r.problem("reports.failure_reports", "failure reports need reports.enabled = true");
        }
        java.time.Duration retention = r.duration("reports.retention", "30d");
        if (retention.compareTo(java.time.Duration.ofDays(2)) < 0) {
            // Two days: the daily run reads the whole previous UTC day.
            r.problem("reports.retention", "must be at least 2d (the daily reports read the previous day)");
        }
        return new ReportsConfig(enabled && from.isPresent(), from,
                r.optionalString("reports.org_name").orElse(hostname), failure,
                r.emailAddress("reports.ingest_address"), retention);
    }

    private static AuthConfig auth(ConfigReader r) {
        r.onlyKeys("auth", Set.of("allow_plaintext_on_loopback", "oauth2"));
        boolean plaintext = r.bool("auth.allow_plaintext_on_loopback", true);
        Optional<AuthConfig.OAuth2Config> oauth2 = Optional.empty();
        if (r.has("auth.oauth2")) {
            r.onlyKeys("auth.oauth2", Set.of("issuer", "jwks", "audience", "claim"));
            Optional<String> issuer = r.optionalString("auth.oauth2.issuer");
            Optional<String> jwks = r.optionalString("auth.oauth2.jwks");
            if (issuer.isEmpty()) {
                r.problem("auth.oauth2.issuer", "required when [auth.oauth2] is present");
            }
            if (r.optionalString("auth.oauth2.audience").isEmpty()) {
                // RFC 9068 §4: a resource server checks that the token was issued for it.
                r.problem("auth.oauth2.audience", "required: the audience (aud) tokens must be issued for");
            }
            if (jwks.isEmpty()) {
                r.problem("auth.oauth2.jwks", "required: a file path or an https:// URL");
            }
            String jwksValue = jwks.map(j -> j.startsWith("https://") || j.startsWith("http://") ? j
                    : r.resolve(j).toString()).orElse("");
            oauth2 = Optional.of(new AuthConfig.OAuth2Config(issuer.orElse(""), jwksValue,
                    r.optionalString("auth.oauth2.audience").orElse(""),
                    r.optionalString("auth.oauth2.claim").orElse("email")));
        }
        return new AuthConfig(plaintext, oauth2);
    }
}
