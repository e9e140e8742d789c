package dev.facteur.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Replays every script under src/test/resources/transcripts/ against a live server on the SQLite store (see README there). */
class TranscriptTest {
    @TempDir
    Path dir;

    private TestSmtpServer server;
    private dev.facteur.store.Store store;

    @BeforeEach
    void start() throws IOException {
        store = dev.facteur.store.TestStores.sqlite(dir.resolve("store"));
        server = TestSmtpServer.start(dir, store);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException, URISyntaxException {
        Path folder = Path.of(getClass().getResource("/transcripts").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> scripts = files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
            assertThat(scripts).isNotEmpty();
            return scripts.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> replay(p)));
        }
    }

    private void replay(Path script) throws IOException {
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        InetSocketAddress target = server.mx();
        if (!lines.isEmpty() && lines.getFirst().startsWith("@listener ")) {
            target = switch (lines.getFirst().substring(10).strip()) {
                case "submission" -> server.submission();
                case "submissions" -> server.submissions();
                default -> server.mx();
            };
        }
        boolean implicitTls = target.equals(server.submissions());
        try (SmtpTestClient c = implicitTls ? SmtpTestClient.connectTls(target) : SmtpTestClient.connect(target)) {
            int n = 0;
            for (String line : lines) {
                n++;
                String where = script.getFileName() + ":" + n;
                if (line.startsWith("C: ") || line.equals("C:")) {
                    c.send(line.length() > 3 ? line.substring(3) : "");
                } else if (line.startsWith("R: ")) {
                    c.raw(unescape(line.substring(3)));
                } else if (line.startsWith("S*: ")) {
                    String prefix = line.substring(4);
                    String got;
                    do {
                        got = c.line();
                        assertThat(got).as(where + " looking for " + prefix).isNotNull();
                    } while (!got.startsWith(prefix));
                } else if (line.equals("S: <closed>")) {
                    assertThat(c.line()).as(where).isNull();
                } else if (line.startsWith("S: ")) {
                    assertThat(c.line()).as(where).startsWith(line.substring(3));
                } else if (line.equals("T: starttls")) {
                    c.startTls();
                }
            }
        }
    }

    static byte[] unescape(String s) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                b.write(switch (e) {
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    case '0' -> 0;
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                b.writeBytes(String.valueOf(ch).getBytes(StandardCharsets.UTF_8));
            }
        }
        return b.toByteArray();
    }

}
