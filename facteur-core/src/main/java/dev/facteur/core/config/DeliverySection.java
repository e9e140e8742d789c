package dev.facteur.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code [delivery]} (with its smarthost and routes) and {@code [http]}; every problem with its line. */
final class DeliverySection {
    private static final Set<String> TLS_MODES = Set.of("implicit", "starttls", "opportunistic");
    private static final int MIN_SECRET = 16;

    private DeliverySection() {}

    static DeliveryConfig delivery(ConfigReader r) {
        r.onlyKeys("delivery", Set.of("port", "lifetime", "smarthost", "routes", "srs", "srs_secret_file"));
        int port = r.integer("delivery.port", 25, 1, 65535);
        var lifetime = r.duration("delivery.lifetime", "5d");
        Optional<DeliveryConfig.RelayConfig> smarthost = r.has("delivery.smarthost")
                ? relayTable(r, "delivery.smarthost") : Optional.empty();
        Map<String, DeliveryConfig.RelayConfig> routes = routes(r);
        boolean srs = r.bool("delivery.srs", true);
        Optional<DeliveryConfig.Secret> secret = r.optionalString("delivery.srs_secret_file")
                .flatMap(f -> secretFile(r, "delivery.srs_secret_file", r.resolve(f), MIN_SECRET));
        return new DeliveryConfig(port, lifetime, smarthost, routes, srs, secret);
    }

    static HttpConfig http(ConfigReader r) {
        r.onlyKeys("http", Set.of("admin_token_file"));
        return new HttpConfig(r.optionalString("http.admin_token_file")
                .flatMap(f -> secretFile(r, "http.admin_token_file", r.resolve(f), MIN_SECRET)));
    }

    /** {@code [delivery.smarthost]}: address, tls, username, password_file. */
    private static Optional<DeliveryConfig.RelayConfig> relayTable(ConfigReader r, String key) {
        r.onlyKeys(key, Set.of("address", "tls", "username", "password_file"));
        Optional<String> address = r.optionalString(key + ".address");
        if (address.isEmpty()) {
            r.problem(key + ".address", "required: \"host:port\" of the relay");
            return Optional.empty();
        }
        String mode = r.oneOf(key + ".tls", TLS_MODES, "starttls");
        DeliveryConfig.RelayTls tls = DeliveryConfig.RelayTls.valueOf(mode.toUpperCase(Locale.ROOT));
        int defaultPort = switch (tls) {
            case IMPLICIT -> 465; // RFC 8314 §3.3
            case STARTTLS -> 587; // RFC 6409 §3.1
            case OPPORTUNISTIC -> 25;
        };
        Optional<HostPort> hp = hostPort(r, key + ".address", address.get(), defaultPort);
        Optional<String> user = r.optionalString(key + ".username");
        Optional<String> passwordFile = r.optionalString(key + ".password_file");
        if (user.isPresent() != passwordFile.isPresent()) {
            r.problem(key + (user.isPresent() ? ".password_file" : ".username"),
                    "username and password_file go together");
        }
        if (user.isPresent() && user.get().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            r.problem(key + ".username", "must not contain control characters");
        }
        if (user.isPresent() && tls == DeliveryConfig.RelayTls.OPPORTUNISTIC) {
            // RFC 4954 §4: credentials only over a protected session.
            r.problem(key + ".tls", "AUTH credentials need tls = \"starttls\" or \"implicit\"");
        }
        Optional<DeliveryConfig.Secret> password = passwordFile
                .flatMap(f -> secretFile(r, key + ".password_file", r.resolve(f), 1));
        return hp.map(h -> new DeliveryConfig.RelayConfig(h.host(), h.port(), tls,
                password.isPresent() ? user : Optional.empty(), user.isPresent() ? password : Optional.empty()));
    }

    /** {@code [delivery.routes]}: {@code "domain" = "host:port"}, opportunistic TLS, no AUTH. */
    private static Map<String, DeliveryConfig.RelayConfig> routes(ConfigReader r) {
        Map<String, DeliveryConfig.RelayConfig> routes = new LinkedHashMap<>();
        Optional<JsonNode> table = r.node("delivery.routes");
        if (table.isEmpty()) {
            return routes;
        }
        if (!table.get().isObject()) {
            r.problem("delivery.routes", "must be a table of \"domain\" = \"host:port\"");
            return routes;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = table.get().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = "delivery.routes." + e.getKey();
            String domain;
            try {
                domain = dev.facteur.core.mail.Domain.of(e.getKey()).name();
            } catch (IllegalArgumentException bad) {
                r.problem(key, "not a domain name: " + e.getKey());
                continue;
            }
            if (!e.getValue().isTextual()) {
                r.problem(key, "must be a \"host:port\" string");
                continue;
            }
            hostPort(r, key, e.getValue().textValue(), 25).ifPresent(h -> routes.put(domain,
                    new DeliveryConfig.RelayConfig(h.host(), h.port(), DeliveryConfig.RelayTls.OPPORTUNISTIC,
                            Optional.empty(), Optional.empty())));
        }
        return routes;
    }

    private record HostPort(String host, int port) {}

    /** {@code host}, {@code host:port} or {@code [v6]:port}; the host is not resolved here. */
    private static Optional<HostPort> hostPort(ConfigReader r, String key, String text, int defaultPort) {
        String host = text.trim();
        String port = null;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0 || close + 1 < host.length() && host.charAt(close + 1) != ':') {
                r.problem(key, "not \"host:port\": " + text);
                return Optional.empty();
            }
            port = close + 1 < host.length() ? host.substring(close + 2) : null;
            host = host.substring(1, close);
        } else if (host.indexOf(':') >= 0) {
            if (host.indexOf(':') != host.lastIndexOf(':')) {
                r.problem(key, "write an IPv6 address in brackets: [addr]:port");
                return Optional.empty();
            }
            port = host.substring(host.indexOf(':') + 1);
            host = host.substring(0, host.indexOf(':'));
        }
        if (!validHost(host)) {
            r.problem(key, "not a host name or IP address: " + text);
            return Optional.empty();
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                r.problem(key, "bad port in " + text + " (1 to 65535)");
                return Optional.empty();
            }
        }
        return Optional.of(new HostPort(host.toLowerCase(Locale.ROOT), p));
    }

    private static boolean validHost(String host) {
        if (host.isEmpty()) {
            return false;
        }
        if (host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')
                && (host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            return true; // an IPv4 or IPv6 literal, parsed by the resolver when used
        }
        try {
            dev.facteur.core.mail.Domain.of(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A secret file: read whole, surrounding whitespace stripped, at least {@code min} bytes. */
    private static Optional<DeliveryConfig.Secret> secretFile(ConfigReader r, String key, Path file, int min) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            r.problem(key, "cannot read " + file + " (" + (e instanceof java.nio.file.NoSuchFileException
                    ? "no such file" : e.getClass().getSimpleName()) + ")");
            return Optional.empty();
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (text.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            r.problem(key, file + " must hold one line");
            return Optional.empty();
        }
        byte[] value = text.getBytes(StandardCharsets.UTF_8);
        if (value.length < min) {
            r.problem(key, file + " must hold at least " + min + " bytes");
            return Optional.empty();
        }
        return Optional.of(new DeliveryConfig.Secret(value));
    }
}
