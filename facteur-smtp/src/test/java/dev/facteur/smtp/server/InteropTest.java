package dev.facteur.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facteur.core.mail.EmailAddress;
import dev.facteur.store.Store;
import dev.facteur.store.TestStores;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real clients nobody here wrote: Python's smtplib, Angus Mail (Jakarta Mail), swaks. */
class InteropTest {
    @TempDir
    Path dir;

    private Store store;
    private StoreView view;
    private TestSmtpServer server;

    @BeforeEach
    void start() throws IOException {
        store = TestStores.sqlite(dir.resolve("store"));
        view = new StoreView(store);
        server = TestSmtpServer.start(dir, store);
        store.directory().addAccount(EmailAddress.parse("jösé@example.com"),
                dev.facteur.core.sasl.StoredCredential.fromPassword("x", TestSmtpServer.FAST, 4096).encode());
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private static boolean onPath(String tool) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("finished in time: " + out).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }

    @Test
    void pythonSmtplibSendsPlainStartTlsSslAndSmtpUtf8() throws Exception {
        assumeTrue(onPath("python3"), "python3 is not on PATH: smtplib interop skipped");
        Path script = dir.resolve("smtplib_client.py");
        try (var in = getClass().getResourceAsStream("/interop/smtplib_client.py")) {
            Files.copy(in, script);
        }
        String out = run(List.of("python3", script.toString(), "127.0.0.1", port(server.mx()), port(server.submission()),
                port(server.submissions()), TestSmtpServer.ALICE_PASSWORD));
        assertThat(out).contains("plain ok", "starttls plain ok", "ssl login ok", "smtputf8 ok");
        assertThat(view.inbox(TestSmtpServer.ALICE)).hasSize(1);
        assertThat(view.inbox(TestSmtpServer.BOB)).hasSize(2);
        String utf8 = new String(view.inbox(EmailAddress.parse("jösé@example.com")).getFirst(), StandardCharsets.UTF_8);
        assertThat(utf8).startsWith("Return-Path: <δοκιμή@παράδειγμα.δοκιμή>").contains("To: jösé@example.com");
    }

    private static String port(java.net.InetSocketAddress a) {
        return Integer.toString(a.getPort());
    }

    @Test
    void angusMailSendsEightBitMimeOverStartTlsWithAuth() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", port(server.submission()));
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.trust", "*");
        props.put("mail.smtp.ssl.checkserveridentity", "false");
        props.put("mail.smtp.allow8bitmime", "true");
        props.put("mail.smtp.auth.mechanisms", "PLAIN");
        props.put("mail.smtp.timeout", "20000");
        Session session = Session.getInstance(props);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("alice@example.com"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.com"));
        m.setSubject("Angus");
        m.setText("Grüße aus Jakarta Mail — 8 bit\n", "UTF-8");
        m.setHeader("Content-Transfer-Encoding", "8bit");
        try (Transport t = session.getTransport("smtp")) {
            t.connect("alice@example.com", TestSmtpServer.ALICE_PASSWORD);
            t.sendMessage(m, m.getAllRecipients());
        }
        String stored = new String(view.inbox(TestSmtpServer.BOB).getFirst(), StandardCharsets.UTF_8);
        assertThat(stored).contains("with ESMTPSA id").contains("Grüße aus Jakarta Mail");
    }

    @Test
    void swaksPipelinesAndAuthenticatesOverStartTls() throws Exception {
        assumeTrue(onPath("swaks"), "swaks is not installed (apt-get install swaks): swaks interop skipped");
        run(List.of("swaks", "--server", "127.0.0.1", "--port", port(server.mx()), "--from", "sw@remote.test",
                "--to", "alice@example.com", "--pipeline", "--header", "Subject: swaks pipelined", "--timeout", "20"));
        run(List.of("swaks", "--server", "127.0.0.1", "--port", port(server.submission()), "--tls", "--auth", "LOGIN",
                "--auth-user", "alice@example.com", "--auth-password", TestSmtpServer.ALICE_PASSWORD,
                "--from", "alice@example.com", "--to", "bob@example.com", "--pipeline", "--timeout", "20"));
        assertThat(view.inbox(TestSmtpServer.ALICE)).hasSize(1);
        assertThat(view.inbox(TestSmtpServer.BOB)).hasSize(1);
    }

    @Test
    void swaksSendsWithBdatWhereItsVersionSupportsChunking() throws Exception {
        assumeTrue(onPath("swaks"), "swaks is not installed (apt-get install swaks): swaks interop skipped");
        Process help = new ProcessBuilder("swaks", "--help").redirectErrorStream(true).start();
        String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        help.waitFor(30, TimeUnit.SECONDS);
        assumeTrue(text.contains("--bdat") || text.contains("BDAT"),
                "this swaks (Debian 12 ships 20201014) has no CHUNKING/BDAT support; BDAT is covered by transcripts");
        List<String> cmd = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--port", port(server.mx()),
                "--from", "sw@remote.test", "--to", "alice@example.com", "--bdat", "--timeout", "20"));
        run(cmd);
        assertThat(view.inbox(TestSmtpServer.ALICE)).hasSize(1);
    }
}
