package dev.facteur.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facteur.store.Account;
import dev.facteur.store.Appended;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python's poplib (plain, STLS, POP3_SSL) against the live server: a client nobody here wrote. */
class PoplibInteropTest {
    static final String USER = "alice@example.test";
    static final String PASSWORD = "correct horse";

    @TempDir
    Path dir;
    Pop3Fixture fixture;
    Account alice;
    Path script;
    List<String> sent = new ArrayList<>();
    List<Appended> appended = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Optional<Path> python = ExternalTool.find("python3");
        Assumptions.assumeTrue(python.isPresent(), "python3 is not on PATH: poplib interop tests skipped");
        script = dir.resolve("poplib_client.py");
        try (InputStream in = getClass().getResourceAsStream("/interop/poplib_client.py")) {
            Files.write(script, in.readAllBytes());
        }
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void startServer(boolean plaintextOnLoopback) throws Exception {
        fixture = Pop3Fixture.start(dir.resolve("server"), Pop3Settings.defaults("pop.test", plaintextOnLoopback));
        alice = fixture.addAccount(USER, PASSWORD);
        sent.add("From: bob@example.test\r\nSubject: hello\r\n\r\nHi.\r\n.\r\n.. two\r\n");
        sent.add("Subject: big\r\n\r\n" + ("0123456789".repeat(99) + "\r\n").repeat(100) + ".\r\nlast\r\n");
        sent.add("Subject: third\r\n\r\nx\r\n");
        sent.forEach(m -> appended.add(fixture.deliver(alice, m)));
    }

    private JsonNode poplib(String mode, InetSocketAddress address, String action) throws Exception {
        ExternalTool.Result r = ExternalTool.run(List.of("python3", script.toString(), mode,
                address.getAddress().getHostAddress(), Integer.toString(address.getPort()), USER, PASSWORD, action),
                dir, 60);
        assertThat(r.exitCode()).as("poplib stderr: %s", r.stderr()).isZero();
        return new ObjectMapper().readTree(r.stdout());
    }

    private void assertFetchedExactly(JsonNode result) throws Exception {
        assertThat(result.get("count").asInt()).isEqualTo(sent.size());
        long total = sent.stream().mapToLong(String::length).sum();
        assertThat(result.get("size").asLong()).isEqualTo(total);
        for (int i = 0; i < sent.size(); i++) {
            byte[] original = sent.get(i).getBytes(StandardCharsets.US_ASCII);
            JsonNode m = result.get("messages").get(i);
            assertThat(m.get("octets").asInt()).as("poplib's octet count").isEqualTo(original.length);
            assertThat(m.get("sha256").asText()).isEqualTo(HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(original)));
            assertThat(result.get("list").get(i).asLong()).isEqualTo(original.length);
            assertThat(result.get("uidl").get(i).asText())
                    .isEqualTo(appended.get(i).uidValidity() + "." + appended.get(i).uid());
        }
        assertThat(result.get("top").get(0).asText()).isEqualTo("From: bob@example.test");
    }

    @Test
    void plainPoplibFetchesAndDeletesTheMaildrop() throws Exception {
        startServer(true);
        JsonNode result = poplib("plain", fixture.plainAddress(), "delete");
        assertFetchedExactly(result);
        assertThat(result.get("quit").asText()).startsWith("+OK");
        assertThat(fixture.store.mailboxes().messages(fixture.inbox(alice).id())).isEmpty();
    }

    @Test
    void poplibOverStlsKeepsTheMessages() throws Exception {
        startServer(false);
        JsonNode result = poplib("stls", fixture.plainAddress(), "keep");
        assertFetchedExactly(result);
        List<String> caps = new ArrayList<>();
        result.get("capabilities").forEach(c -> caps.add(c.asText()));
        assertThat(caps).contains("USER", "UIDL", "TOP", "SASL", "RESP-CODES", "PIPELINING").doesNotContain("STLS");
        assertThat(fixture.store.mailboxes().messages(fixture.inbox(alice).id())).hasSize(sent.size());
    }

    @Test
    void poplibOverImplicitTlsFetchesAndDeletes() throws Exception {
        startServer(false);
        JsonNode result = poplib("ssl", fixture.tlsAddress(), "delete");
        assertFetchedExactly(result);
        assertThat(fixture.store.mailboxes().messages(fixture.inbox(alice).id())).isEmpty();
    }
}
