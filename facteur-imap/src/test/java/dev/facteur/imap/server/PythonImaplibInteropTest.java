package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python's imaplib (STARTTLS, implicit TLS, folders, append, fetch, search, store, copy, IDLE). */
class PythonImaplibInteropTest {

    @TempDir
    Path dir;

    @Test
    void pythonImaplibCompletesItsScript() throws Exception {
        Assumptions.assumeTrue(python() != null, "python3 is not installed; skipping the imaplib interop test");
        try (ImapTestServer server = new ImapTestServer(dir)) {
            Path script = TranscriptTest.resource("interop/imaplib_client.py");
            Process p = new ProcessBuilder(python(), script.toString(), "127.0.0.1", String.valueOf(server.port()),
                    String.valueOf(server.tlsPort())).redirectErrorStream(true).start();
            boolean finished = p.waitFor(120, TimeUnit.SECONDS);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!finished) {
                p.destroyForcibly();
            }
            assertThat(finished).as("imaplib script finished: %s", output).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("imaplib interop OK");
        }
    }

    static String python() {
        for (String candidate : new String[] {"python3", "/usr/bin/python3"}) {
            try {
                Process p = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException | InterruptedException e) {
                // try the next one
            }
        }
        return null;
    }
}
