package dev.facteur.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.core.config.ConfigLoader;
import dev.facteur.core.config.ListenerRole;
import dev.facteur.testkit.dns.TestDnsServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as configured: {@code limits.max_connections} is one limit over every listener, and
 * /metrics shows the listener and SMTP meters.
 */
class ConnectionLimitAndMetricsTest {
    @TempDir
    Path dir;

    private FacteurServer start(int maxConnections, TestDnsServer dns) throws Exception {
        StringBuilder toml = new StringBuilder("hostname = \"mail.example.com\"\ndata_dir = \"data\"\n"
                + "[dns]\nservers = [\"" + dns.hostPort() + "\"]\ntimeout = \"2s\"\n"
                + "[limits]\nmax_connections = " + maxConnections + "\nmax_connections_per_ip = 1\n[listeners]\n");
        for (ListenerRole role : ListenerRole.values()) {
            toml.append(role.key()).append(" = \"127.0.0.1:0\"\n");
        }
        return FacteurServer.start(ConfigLoader.load(Files.writeString(dir.resolve("facteur.toml"), toml)));
    }

    private record Client(Socket socket, BufferedReader in, OutputStream out) implements AutoCloseable {
        static Client connect(int port) throws IOException {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(10_000);
            return new Client(s, new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)),
                    s.getOutputStream());
        }

        String ask(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void maxConnectionsIsOneLimitSharedByEveryListener() throws Exception {
        try (TestDnsServer dns = TestDnsServer.start(); FacteurServer server = start(1, dns)) {
            try (Client smtp = Client.connect(server.port(ListenerRole.SMTP).orElseThrow())) {
                assertThat(smtp.in.readLine()).startsWith("220 ");
                try (Client pop3 = Client.connect(server.port(ListenerRole.POP3).orElseThrow())) {
                    pop3.socket.setSoTimeout(500);
                    assertThat(readOrTimeout(pop3)).as("POP3 waits: the only permit is SMTP's").isNull();
                    assertThat(smtp.ask("QUIT")).startsWith("221");
                    pop3.socket.setSoTimeout(10_000);
                    assertThat(pop3.in.readLine()).startsWith("+OK");
                }
            }
        }
    }

    @Test
    void metricsShowListenerConnectionsAndSmtpMeters() throws Exception {
        try (TestDnsServer dns = TestDnsServer.start(); FacteurServer server = start(100, dns)) {
            int smtpPort = server.port(ListenerRole.SMTP).orElseThrow();
            try (Client smtp = Client.connect(smtpPort)) {
                assertThat(smtp.in.readLine()).startsWith("220 ");
                assertThat(smtp.ask("NOOP")).startsWith("250");
                try (Client second = Client.connect(smtpPort)) { // one per address: refused
                    assertThat(second.in.readLine()).startsWith("421");
                }
                assertThat(smtp.ask("QUIT")).startsWith("221");
                assertThat(smtp.in.readLine()).isNull();
            }
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server.port(ListenerRole.HTTP).orElseThrow() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("facteur_connections_accepted_total{listener=\"smtp\"} 1.0")
                    .contains("facteur_connections_refused_total{listener=\"smtp\",reason=\"per_ip_limit\"} 1.0")
                    .contains("facteur_connections_active{listener=\"smtp\"}")
                    .contains("facteur_smtp_commands_total{command=\"noop\"} 1.0")
                    .contains("facteur_smtp_commands_total{command=\"quit\"} 1.0");
        }
    }

    private static String readOrTimeout(Client c) throws IOException {
        try {
            return c.in.readLine();
        } catch (SocketTimeoutException e) {
            return null;
        }
    }
}
