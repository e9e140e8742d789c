package dev.facteur.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.core.mime.MessageSummaries;
import dev.facteur.core.mime.MessageSummary;
import dev.facteur.store.BlobId;
import dev.facteur.store.Flags;
import dev.facteur.store.Mailbox;
import dev.facteur.store.NewMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the {@code C:}/{@code S:} scripts under {@code src/test/resources/transcripts/}
 * against a live server whose INBOX (alice) holds the messages of {@code transcripts/messages/}.
 * In {@code S:} lines, {@code {*}} matches any text.
 */
class TranscriptTest {

    static final Instant INTERNAL_DATE = Instant.parse("2024-01-02T03:04:05Z");

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException, URISyntaxException {
        Path root = resource("transcripts");
        List<Path> scripts;
        try (Stream<Path> s = Files.list(root)) {
            scripts = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        return scripts.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> run(p)));
    }

    private void run(Path script) throws IOException, URISyntaxException {
        Path d = Files.createTempDirectory(dir, "t");
        try (ImapTestServer server = new ImapTestServer(d)) {
            seed(server);
            try (ImapTestClient client = server.connect()) {
                replay(script, client);
            }
        }
    }

    static void seed(ImapTestServer server) throws IOException, URISyntaxException {
        Mailbox inbox = server.store.mailboxes().find(server.alice.id(), "INBOX").orElseThrow();
        List<Path> files;
        try (Stream<Path> s = Files.list(resource("transcripts/messages"))) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            byte[] raw = Files.readAllBytes(f);
            BlobId blob = server.store.blobs().put(raw);
            MessageSummary summary = MessageSummaries.derive(raw);
            server.store.mailboxes().append(inbox.id(), new NewMessage(blob, raw.length, INTERNAL_DATE, Flags.NONE,
                    MessageSummaries.encode(summary), summary.threadKey()));
        }
    }

    private static void replay(Path script, ImapTestClient client) throws IOException {
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        if (System.getProperty("transcripts.record") != null) {
            record(script, lines, client);
            return;
        }
        List<String> transcript = new ArrayList<>();
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.startsWith("C: ")) {
                client.send(line.substring(3) + "\r\n");
                transcript.add(line);
            } else if (line.startsWith("S: ")) {
                String actual = client.readLine();
                transcript.add("S: " + actual);
                assertThat(actual).as("%s line %d, transcript so far:%n%s", script.getFileName(), n, String.join("\n", transcript))
                        .matches(pattern(line.substring(3)));
            } else if (line.equals("CLOSED")) {
                assertThat(client.isClosed()).as("%s line %d: connection closed", script.getFileName(), n).isTrue();
            }
        }
    }

    /** Writes what the server answers to the script's commands to target/transcripts/, for review. */
    private static void record(Path script, List<String> lines, ImapTestClient client) throws IOException {
        List<String> out = new ArrayList<>();
        out.add("S: " + client.readLine());
        long literal = -1; // octets of a literal still to send, counting line ends
        String tag = null;
        for (String line : lines) {
            if (!line.startsWith("C: ")) {
                continue;
            }
            String c = line.substring(3);
            client.send(c + "\r\n");
            out.add(line);
            if (literal > 0) {
                literal -= c.getBytes(StandardCharsets.UTF_8).length + 2;
                if (literal >= 0) {
                    continue; // the literal goes on
                }
            } else {
                tag = c.contains(" ") ? c.substring(0, c.indexOf(' ')) : null;
            }
            java.util.regex.Matcher m = Pattern.compile("\\{(\\d+)\\+?}$").matcher(c);
            if (m.find()) {
                literal = Long.parseLong(m.group(1));
                if (!c.endsWith("+}")) {
                    out.add("S: " + client.readLine()); // the continuation request
                }
                continue;
            }
            literal = -1;
            if (tag == null) {
                continue; // DONE
            }
            if (c.toUpperCase(java.util.Locale.ROOT).endsWith(" IDLE")) {
                out.add("S: " + client.readLine());
                continue;
            }
            client.readReply(tag).lines().forEach(l -> out.add("S: " + l));
        }
        Path target = Path.of("target", "transcripts", script.getFileName().toString());
        Files.createDirectories(target.getParent());
        Files.write(target, out, StandardCharsets.UTF_8);
    }

    private static Pattern pattern(String expected) {
        StringBuilder re = new StringBuilder();
        for (String part : expected.split("\\{\\*}", -1)) {
            if (!re.isEmpty()) {
                re.append(".*");
            }
            re.append(Pattern.quote(part));
        }
        // split drops nothing with -1, so a trailing {*} appends ".*" after an empty quote
        return Pattern.compile(re.toString().replace("\\Q\\E", ""));
    }

    static Path resource(String name) throws URISyntaxException {
        URL url = TranscriptTest.class.getClassLoader().getResource(name);
        return Path.of(url.toURI());
    }

    static byte[] read(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
