package dev.facteur.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.store.Account;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the {@code C:}/{@code S:} scripts under {@code src/test/resources/transcripts/}
 * against a live listener on a free loopback port. Consecutive {@code C:} lines go out in one
 * write (so scripts can pipeline); each {@code S:} line must match the next reply line exactly,
 * after {@code ${uidvalidity}} is replaced by the INBOX's UIDVALIDITY. Every script starts
 * from alice@example.test ("correct horse") with the three messages below.
 */
class Pop3TranscriptTest {
    static final List<String> MESSAGES = List.of(
            "From: bob@example.test\r\nSubject: dots\r\n\r\n.\r\n..leading\r\nend\r\n",
            "Subject: second\r\n\r\nthe second one\r\n",
            "Subject: lines\r\n\r\none\r\ntwo\r\nthree\r\n");
    static final List<String> SCRIPTS = List.of("login-retrieve-quit", "dele-rset-quit", "capa", "top-uidl",
            "wrong-state", "pipelining", "auth-plain");

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> transcripts() {
        return SCRIPTS.stream().map(name -> DynamicTest.dynamicTest(name, () -> replay(name)));
    }

    private void replay(String name) throws Exception {
        List<String> script = load(name);
        Path runDir = Files.createTempDirectory(dir, name);
        try (Pop3Fixture fixture = Pop3Fixture.start(runDir)) {
            Account alice = fixture.addAccount("alice@example.test", "correct horse");
            MESSAGES.forEach(m -> fixture.deliver(alice, m));
            String uidValidity = Long.toString(fixture.inbox(alice).uidValidity());
            try (Pop3TestClient c = fixture.connect()) {
                StringBuilder batch = new StringBuilder();
                int lineNo = 0;
                for (String line : script) {
                    lineNo++;
                    if (line.startsWith("C: ")) {
                        batch.append(line.substring(3)).append("\r\n");
                    } else if (line.startsWith("S: ")) {
                        if (!batch.isEmpty()) {
                            c.sendRaw(batch.toString().getBytes(StandardCharsets.UTF_8));
                            batch.setLength(0);
                        }
                        String expected = line.substring(3).replace("${uidvalidity}", uidValidity);
                        assertThat(c.line()).as(name + ".txt line " + lineNo).isEqualTo(expected);
                    }
                }
                assertThat(batch).as(name + ": the script ends with a server line").isEmpty();
            }
        }
    }

    private static List<String> load(String name) throws IOException {
        try (InputStream in = Pop3TranscriptTest.class.getResourceAsStream("/transcripts/" + name + ".txt")) {
            assertThat(in).as("transcript " + name).isNotNull();
            List<String> lines = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (l.startsWith("C: ") || l.startsWith("S: ")) {
                    lines.add(l);
                } else if (!l.isBlank() && !l.startsWith("#")) {
                    throw new IllegalStateException(name + ": not a C:, S: or # line: " + l);
                }
            }
            return lines;
        }
    }
}
