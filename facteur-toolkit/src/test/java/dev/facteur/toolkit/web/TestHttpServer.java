package dev.facteur.toolkit.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.Executors;

/**
 * A stand-in for facteur-server's HTTP service in tests: serves the page from /web/ on the
 * classpath and maps the API routes to {@link ToolkitApi}, as the lead's wiring does.
 */
final class TestHttpServer implements AutoCloseable {

    private final HttpServer server;

    TestHttpServer(ToolkitApi api) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            try {
                ToolkitApi.Response r = switch (path) {
                    case "/api/check/domain" -> api.checkDomain(first(ex, "name"), all(ex, "selector"), !"false".equals(first(ex, "smtp")), all(ex, "dnsbl"));
                    case "/api/check/server" -> api.checkServer(first(ex, "host"));
                    case "/api/analyze" -> api.analyze(ex.getRequestBody());
                    case "/api/verify" -> api.verify(first(ex, "address"));
                    case "/api/verify/jobs" -> api.submitJob(ex.getRequestBody(), ex.getRequestHeaders().getFirst("Content-Type"));
                    default -> path.startsWith("/api/verify/jobs/") ? api.job(path.substring(17)) : null;
                };
                if (r != null) {
                    send(ex, r.status(), "application/json", r.json().getBytes(StandardCharsets.UTF_8));
                } else {
                    staticFile(ex, path.equals("/") ? "/index.html" : path);
                }
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void staticFile(HttpExchange ex, String path) throws IOException {
        if (path.contains("..")) {
            send(ex, 404, "text/plain", new byte[0]);
            return;
        }
        try (InputStream in = ToolkitApi.class.getResourceAsStream("/web" + path)) {
            if (in == null) {
                send(ex, 404, "text/plain", new byte[0]);
                return;
            }
            String type = path.endsWith(".html") ? "text/html; charset=utf-8" : path.endsWith(".js") ? "text/javascript" : "text/css";
            send(ex, 200, type, in.readAllBytes());
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String first(HttpExchange ex, String name) {
        List<String> v = all(ex, name);
        return v.isEmpty() ? null : v.getFirst();
    }

    private static List<String> all(HttpExchange ex, String name) {
        List<String> out = new ArrayList<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return out;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(name)) {
                out.add(URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
