package dev.facteur.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed, validating access to a parsed TOML tree; collects problems with their lines. */
final class ConfigReader {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

    private final String file;
    private final JsonNode root;
    private final KeyLines lines;
    private final Path base;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ConfigReader(String file, JsonNode root, KeyLines lines, Path base) {
        this.file = file;
        this.root = root;
        this.lines = lines;
        this.base = base;
    }

    void problem(String key, String reason) {
        problems.add(new ConfigProblem(file, lines.lineOf(key), key, reason));
    }

    void throwIfProblems() throws ConfigException {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    Optional<JsonNode> node(String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            if (n == null || !n.isObject()) {
                return Optional.empty();
            }
            n = n.get(part);
        }
        return Optional.ofNullable(n);
    }

    boolean has(String path) {
        return node(path).isPresent();
    }

    /** Refuses keys of the table at {@code path} ("" for the top level) that are not in {@code allowed}. */
    void onlyKeys(String path, Set<String> allowed) {
        Optional<JsonNode> table = path.isEmpty() ? Optional.of(root) : node(path);
        if (table.isEmpty()) {
            return;
        }
        if (!table.get().isObject()) {
            problem(path, "must be a table");
            return;
        }
        for (Iterator<String> it = table.get().fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                String full = path.isEmpty() ? key : path + "." + key;
                problem(full, "unknown key (known here: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    Optional<String> optionalString(String path) {
        Optional<JsonNode> n = node(path);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (!n.get().isTextual()) {
            problem(path, "must be a string");
            return Optional.empty();
        }
        String s = n.get().textValue();
        if (s.isBlank()) {
            problem(path, "must not be empty");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    Path resolve(String p) {
        Path path = Path.of(p);
        return path.isAbsolute() ? path : base.resolve(path).normalize();
    }

    Path path(String key, Path dflt) {
        return optionalString(key).map(this::resolve).orElse(base.resolve(dflt).normalize());
    }

    String hostname(String key, String dflt) {
        Optional<String> v = optionalString(key);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            return dev.facteur.core.mail.Domain.of(v.get()).name();
        } catch (IllegalArgumentException e) {
            problem(key, "not a valid host name: " + v.get());
            return dflt;
        }
    }

    String oneOf(String key, Set<String> allowed, String dflt) {
        Optional<String> v = optionalString(key).map(s -> s.toLowerCase(Locale.ROOT));
        if (v.isPresent() && !allowed.contains(v.get())) {
            problem(key, "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
            return dflt;
        }
        return v.orElse(dflt);
    }

    Optional<dev.facteur.core.mail.EmailAddress> emailAddress(String key) {
        Optional<String> v = optionalString(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(dev.facteur.core.mail.EmailAddress.parse(v.get()));
        } catch (IllegalArgumentException e) {
            problem(key, "not a valid mail address: " + v.get());
            return Optional.empty();
        }
    }

    boolean bool(String key, boolean dflt) {
        Optional<JsonNode> n = node(key);
        if (n.isEmpty()) {
            return dflt;
        }
        if (!n.get().isBoolean()) {
            problem(key, "must be true or false");
            return dflt;
        }
        return n.get().booleanValue();
    }

    int integer(String key, int dflt, int min, int max) {
        Optional<JsonNode> n = node(key);
        if (n.isEmpty()) {
            return dflt;
        }
        if (!n.get().isIntegralNumber() || !n.get().canConvertToInt()) {
            problem(key, "must be a whole number from " + min + " to " + max);
            return dflt;
        }
        int v = n.get().intValue();
        if (v < min || v > max) {
            problem(key, v + " is out of range (" + min + " to " + max + ")");
            return dflt;
        }
        return v;
    }

    Duration duration(String key, String dflt) {
        String text = optionalString(key).orElse(dflt);
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            problem(key, "must be a duration such as 30s, 5m, 2h or 5d");
            m = DURATION.matcher(dflt);
            m.matches();
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero()) {
            problem(key, "must be greater than zero");
        }
        return d;
    }

    long size(String key, String dflt) {
        Optional<JsonNode> n = node(key);
        if (n.isPresent() && n.get().isIntegralNumber()) {
            long v = n.get().longValue();
            if (v <= 0) {
                problem(key, "must be greater than zero");
            }
            return v;
        }
        String text = optionalString(key).orElse(dflt);
        java.util.OptionalLong v = ByteSizes.parse(text);
        if (v.isEmpty()) {
            problem(key, "must be a size such as 25MB, 50MiB or 1048576");
            return ByteSizes.parse(dflt).orElseThrow();
        }
        if (v.getAsLong() <= 0) {
            problem(key, "must be greater than zero");
        }
        return v.getAsLong();
    }

    List<InetSocketAddress> addresses(String key, int defaultPort) {
        Optional<JsonNode> n = node(key);
        if (n.isEmpty()) {
            return List.of();
        }
        if (!n.get().isArray()) {
            problem(key, "must be a list of \"host:port\" strings");
            return List.of();
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (JsonNode e : n.get()) {
            if (!e.isTextual()) {
                problem(key, "must be a list of \"host:port\" strings");
                continue;
            }
            parseAddress(key, e.textValue(), defaultPort).ifPresent(out::add);
        }
        return out;
    }

    /** Parses {@code host:port}, {@code [v6]:port} or a bare host with {@code defaultPort}. */
    Optional<InetSocketAddress> parseAddress(String key, String text, int defaultPort) {
        String host = text.trim();
        int port = defaultPort;
        int colon = host.lastIndexOf(':');
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                problem(key, "unterminated [ in address: " + text);
                return Optional.empty();
            }
            String rest = host.substring(close + 1);
            host = host.substring(1, close);
            if (rest.startsWith(":")) {
                colon = -2;
                port = parsePort(key, rest.substring(1), text);
            } else if (!rest.isEmpty()) {
                problem(key, "not an address: " + text);
                return Optional.empty();
            }
        } else if (colon >= 0 && host.indexOf(':') == colon) {
            port = parsePort(key, host.substring(colon + 1), text);
            host = host.substring(0, colon);
        }
        if (port < 0) {
            return Optional.empty();
        }
        if (host.isEmpty() || host.equals("*")) {
            host = "0.0.0.0";
        }
        try {
            return Optional.of(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (UnknownHostException e) {
            problem(key, "cannot resolve host " + host);
            return Optional.empty();
        }
    }

    private int parsePort(String key, String p, String text) {
        try {
            int port = Integer.parseInt(p);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(key, "bad port in " + text + " (0 to 65535)");
        return -1;
    }

    /** A listener: absent = default address, false or "" = disabled, "host:port", or a table. */
    Optional<ListenerConfig> listener(ListenerRole role) {
        String key = "listeners." + role.key();
        Optional<JsonNode> n = node(key);
        if (n.isEmpty()) {
            return Optional.of(new ListenerConfig(role,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), role.defaultPort()), false));
        }
        JsonNode v = n.get();
        if (v.isBoolean() && !v.booleanValue() || v.isTextual() && v.textValue().isEmpty()) {
            return Optional.empty();
        }
        if (v.isTextual()) {
            return parseAddress(key, v.textValue(), role.standardPort()).map(a -> new ListenerConfig(role, a, false));
        }
        if (v.isObject()) {
            onlyKeys(key, Set.of("address", "proxy_protocol"));
            Optional<String> address = optionalString(key + ".address");
            if (address.isEmpty()) {
                problem(key + ".address", "required");
                return Optional.empty();
            }
            boolean proxy = bool(key + ".proxy_protocol", false);
            return parseAddress(key + ".address", address.get(), role.standardPort())
                    .map(a -> new ListenerConfig(role, a, proxy));
        }
        problem(key, "must be \"host:port\", false, or a table with address and proxy_protocol");
        return Optional.empty();
    }
}
