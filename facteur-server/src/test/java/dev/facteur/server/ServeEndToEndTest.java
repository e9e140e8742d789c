package dev.facteur.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.core.config.ConfigLoader;
import dev.facteur.core.config.ListenerRole;
import dev.facteur.server.cli.FacteurCommand;
import dev.facteur.testkit.dns.TestDnsServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server from one configuration: listeners on ephemeral loopback ports, the admin
 * commands working while it runs, mail in over SMTP and out over POP3 with Python's stdlib
 * clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeEndToEndTest {
    private Path dir;
    private Path config;
    private FacteurServer server;
    private TestDnsServer dns;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        // The MX checks SPF and DMARC of the sender: a real DNS server on loopback answers for remote.example.
        dns = TestDnsServer.start().txt("remote.example", "v=spf1 ip4:127.0.0.1 -all");
        StringBuilder toml = new StringBuilder("hostname = \"mail.example.com\"\ndata_dir = \"data\"\n"
                + "[dns]\nservers = [\"" + dns.hostPort() + "\"]\ntimeout = \"2s\"\n[listeners]\n");
        for (ListenerRole role : ListenerRole.values()) {
            toml.append(role.key()).append(" = \"127.0.0.1:0\"\n");
        }
        config = Files.writeString(dir.resolve("facteur.toml"), toml);
        server = FacteurServer.start(ConfigLoader.load(config));
        assertThat(admin(null, "domain", "add", "example.com")).isZero();
        assertThat(admin("a long password\n", "account", "add", "alice@example.com", "--password-stdin")).isZero();
    }

    @AfterAll
    void stop() {
        server.close();
        dns.close();
    }

    private int admin(String stdin, String... args) {
        InputStream old = System.in;
        if (stdin != null) {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            String[] full = new String[args.length + 3];
            full[0] = "admin";
            full[1] = "--config";
            full[2] = config.toString();
            System.arraycopy(args, 0, full, 3, args.length);
            var cl = FacteurCommand.commandLine();
            cl.setOut(new PrintWriter(new StringWriter()));
            return cl.execute(full);
        } finally {
            System.setIn(old);
        }
    }

    private int port(ListenerRole role) {
        return server.port(role).orElseThrow();
    }

    @Test
    void everyConfiguredListenerIsBound() {
        for (ListenerRole role : List.of(ListenerRole.SMTP, ListenerRole.SUBMISSION, ListenerRole.SUBMISSIONS,
                ListenerRole.IMAP, ListenerRole.IMAPS, ListenerRole.POP3, ListenerRole.POP3S, ListenerRole.HTTP)) {
            assertThat(server.port(role)).as(role.key()).isPresent();
        }
    }

    @Test
    void healthzAnswersOk() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(ListenerRole.HTTP) + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"ok\"");
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(ListenerRole.HTTP) + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    }

    private HttpResponse<String> http(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port(ListenerRole.HTTP) + path);
    }

    @Test
    void toolkitPageAndApiAreServed() throws Exception {
        HttpResponse<String> page = http(HttpRequest.newBuilder(url("/")));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        assertThat(http(HttpRequest.newBuilder(url("/toolkit.js"))).statusCode()).isEqualTo(200);

        HttpResponse<String> verify = http(HttpRequest.newBuilder(url("/api/verify?address=not%20an%20address")));
        assertThat(verify.statusCode()).isEqualTo(200);
        assertThat(verify.body()).contains("undeliverable");

        HttpResponse<String> analyze = http(HttpRequest.newBuilder(url("/api/analyze"))
                .POST(HttpRequest.BodyPublishers.ofString("Subject: no date or id\r\n\r\nbody\r\n")));
        assertThat(analyze.statusCode()).isEqualTo(200);
        assertThat(analyze.body()).containsIgnoringCase("message-id");

        assertThat(http(HttpRequest.newBuilder(url("/api/check/domain"))).statusCode()).isEqualTo(400);
        assertThat(http(HttpRequest.newBuilder(url("/api/verify/jobs/nope"))).statusCode()).isEqualTo(404);
    }

    @Test
    void mailSentWithSmtplibIsReadWithPoplibAndImaplib() throws Exception {
        String script = """
                import smtplib, poplib, sys
                smtp_port, pop_port = int(sys.argv[1]), int(sys.argv[2])
                msg = "From: bob@remote.example\\r\\nTo: alice@example.com\\r\\nSubject: hello\\r\\n\\r\\nend to end\\r\\n"
                with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as s:
                    s.sendmail("bob@remote.example", ["alice+news@example.com"], msg)
                p = poplib.POP3("127.0.0.1", pop_port, timeout=30)
                p.user("alice@example.com"); p.pass_("a long password")
                count, size = p.stat()
                lines = p.retr(count)[1]
                p.quit()
                body = b"\\n".join(lines).decode()
                import imaplib
                m = imaplib.IMAP4("127.0.0.1", int(sys.argv[3]))
                m.login("alice@example.com", "a long password")
                typ, data = m.select("INBOX")
                assert typ == "OK", data
                typ, data = m.uid("SEARCH", None, "SUBJECT", "hello")
                assert typ == "OK" and data[0], data
                typ, data = m.uid("FETCH", data[0].split()[-1], "(BODY.PEEK[TEXT])")
                assert b"end to end" in data[0][1], data
                m.logout()
                assert "Subject: hello" in body, body
                assert "end to end" in body, body
                assert "Received: from" in body, body
                assert "spf=pass" in body, body
                print("ok", count)
                """;
        Path py = Files.writeString(dir.resolve("e2e.py"), script);
        ProcessBuilder pb = new ProcessBuilder(Python.command(), py.toString(), String.valueOf(port(ListenerRole.SMTP)),
                String.valueOf(port(ListenerRole.POP3)), String.valueOf(port(ListenerRole.IMAP))).redirectErrorStream(true);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("ok ");
    }

    @Test
    void aSecondServerStartsInTheSameJvmAndReportsItsStartUpTime() throws Exception {
        // Another instance on the same data directory's config shape, timed from start() to ready.
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        StringBuilder toml = new StringBuilder("data_dir = \"data\"\n[listeners]\n");
        for (ListenerRole role : ListenerRole.values()) {
            toml.append(role.key()).append(" = \"127.0.0.1:0\"\n");
        }
        Path cfg = Files.writeString(other.resolve("facteur.toml"), toml);
        long t0 = System.nanoTime();
        try (FacteurServer s = FacteurServer.start(ConfigLoader.load(cfg))) {
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            // Not a timing assertion: the number is reported in the test output for the notes.
            System.out.println("second in-JVM start took " + took.toMillis() + " ms");
            assertThat(s.port(ListenerRole.HTTP)).isPresent();
        }
    }

    @Test
    void theStartupExerciseGreetsEveryPlainTextListenerThenStopsWithStatusZero() throws Exception {
        Path other = dir.resolve("exercise");
        Files.createDirectories(other);
        StringBuilder toml = new StringBuilder("data_dir = \"" + other.resolve("data") + "\"\n[listeners]\n");
        for (ListenerRole role : ListenerRole.values()) {
            toml.append(role.key()).append(" = \"127.0.0.1:0\"\n");
        }
        Path cfg = Files.writeString(other.resolve("facteur.toml"), toml);
        assertThat(Main.run("serve", "--exercise", "--config", cfg.toString())).isZero();
        assertThat(other.resolve("data")).isDirectory();
    }
}
