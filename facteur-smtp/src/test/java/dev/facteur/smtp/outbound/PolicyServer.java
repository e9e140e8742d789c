package dev.facteur.smtp.outbound;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.facteur.core.mail.Domain;
import dev.facteur.smtp.client.TestCerts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTPS server on loopback serving MTA-STS policies with the test CA's certificate for
 * {@code localhost}; {@link #fetcher} points the policy location of every domain at it.
 */
final class PolicyServer implements AutoCloseable {

    final Map<String, String> policies = new ConcurrentHashMap<>();
    final Map<String, String> contentTypes = new ConcurrentHashMap<>();
    final AtomicInteger fetches = new AtomicInteger();
    private final HttpsServer server;

    PolicyServer() {
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(TestCerts.goodServer()));
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                fetches.incrementAndGet();
                String domain = exchange.getRequestURI().getPath().split("/")[1];
                String body = policies.get(domain);
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", contentTypes.getOrDefault(domain, "text/plain"));
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fetcher trusting the test CA and asking this server for {@code /<domain>/.well-known/mta-sts.txt}. */
    MtaStsPolicyFetcher fetcher() {
        HttpClient client = HttpClient.newBuilder().sslContext(TestCerts.trustingTestCa())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        int port = server.getAddress().getPort();
        return new MtaStsPolicyFetcher(client, (Domain d) -> URI.create("https://localhost:" + port + "/" + d.name()
                + "/.well-known/mta-sts.txt"), Duration.ofSeconds(5));
    }

    static String policy(String mode, String... mx) {
        StringBuilder b = new StringBuilder("version: STSv1\r\nmode: ").append(mode).append("\r\n");
        for (String m : mx) {
            b.append("mx: ").append(m).append("\r\n");
        }
        return b.append("max_age: 86400\r\n").toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
