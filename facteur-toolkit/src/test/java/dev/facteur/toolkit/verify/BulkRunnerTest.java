package dev.facteur.toolkit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facteur.toolkit.harness.FakeMailHost;
import dev.facteur.toolkit.harness.FakeMailHost.Behaviour;
import dev.facteur.toolkit.harness.FakeMailHost.Mode;
import dev.facteur.toolkit.harness.LoopbackInternet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkRunnerTest {

    LoopbackInternet net;
    FakeMailHost one;
    FakeMailHost two;
    AddressVerifier verifier;
    final List<String> inputs = new ArrayList<>();

    @BeforeEach
    void internet() throws IOException {
        net = new LoopbackInternet();
        Set<String> known = new HashSet<>();
        for (int i = 0; i < 200; i += 2) {
            known.add("user" + i);
        }
        one = net.host("mx.one.test", "127.0.0.20", new Behaviour(Mode.NORMAL, known, Set.of(), Set.of(), true));
        two = net.host("mx.two.test", "127.0.0.21", new Behaviour(Mode.NORMAL, known, Set.of(), Set.of(), true));
        net.dns().mx("one.test", 10, "mx.one.test").mx("two.test", 10, "mx.two.test");
        VerifierConfig config = VerifierConfig.defaults("verifier.test").withPort(net.smtpPort())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(20)).withLimits(1, 30, 4);
        verifier = new AddressVerifier(net.resolver(java.time.Duration.ofSeconds(2)), config, AddressLists.shipped(), d -> { }, RandomGenerator.of("L64X128MixRandom"));
        for (int i = 0; i < 200; i++) {
            inputs.add("user" + i + "@" + (i % 2 == 0 ? "one.test" : "two.test"));
        }
        inputs.add("not an address");
    }

    @AfterEach
    void close() throws IOException {
        net.close();
    }

    @Test
    void writesOneRowPerInputInOrderWithASummaryAndReusesConnections(@TempDir Path dir) throws IOException {
        List<BulkRunner.Progress> progress = new CopyOnWriteArrayList<>();
        BulkRunner.Summary s = new BulkRunner(verifier).run(inputs, dir.resolve("out"), progress::add);
        assertThat(s.total()).isEqualTo(201);
        assertThat(s.counts().get(Verdict.DELIVERABLE)).isEqualTo(100);
        assertThat(s.counts().get(Verdict.UNDELIVERABLE)).isEqualTo(101);
        assertThat(s.coverage()).isEqualTo(1.0);
        assertThat(s.table()).contains("coverage: 201/201 decided = 100.0%");
        List<String> csv = Files.readAllLines(dir.resolve("out.csv"));
        assertThat(csv).hasSize(202);
        assertThat(csv.get(1)).startsWith("user0@one.test,user0@one.test,deliverable,mailbox_exists");
        assertThat(csv.get(201)).startsWith("not an address,,undeliverable,invalid_syntax");
        assertThat(progress.getLast().done()).isEqualTo(201);
        // 100 addresses per domain in one session (several transactions of 30): one connection per host.
        assertThat(one.connections()).isEqualTo(1);
        assertThat(one.maxConcurrentConnections()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("out.json"))).contains("\"row\" : 200");
    }

    @Test
    void aSecondRunResumesFromTheStateAndOnlyVerifiesWhatIsLeft(@TempDir Path dir) throws IOException {
        Path prefix = dir.resolve("out");
        new BulkRunner(verifier).run(inputs, prefix, p -> { });
        int rcptsAfterFirst = one.rcptCount() + two.rcptCount();
        List<String> lines = Files.readAllLines(dir.resolve("out.jsonl"));
        List<String> kept = new ArrayList<>(lines.subList(0, 60));
        kept.add(lines.get(60).substring(0, 20));
        Files.write(dir.resolve("out.jsonl"), kept);
        BulkRunner.Summary s = new BulkRunner(verifier).run(inputs, prefix, p -> { });
        assertThat(s.resumed()).isEqualTo(60);
        assertThat(s.total()).isEqualTo(201);
        assertThat(Files.readAllLines(dir.resolve("out.csv"))).hasSize(202);
        int secondRun = one.rcptCount() + two.rcptCount() - rcptsAfterFirst;
        assertThat(secondRun).isLessThan(rcptsAfterFirst);
    }

    @Test
    void aStateFromAnotherInputIsRefused(@TempDir Path dir) throws IOException {
        Path prefix = dir.resolve("out");
        new BulkRunner(verifier).run(inputs, prefix, p -> { });
        List<String> other = new ArrayList<>(inputs);
        other.set(0, "someone@else.test");
        assertThatThrownBy(() -> new BulkRunner(verifier).run(other, prefix, p -> { })).hasMessageContaining("another input file");
    }

    @Test
    void csvWithHeaderQuotesAndNonUtf8LinesGivesOneAddressPerRow() throws Exception {
        byte[] bad = {'x', (byte) 0xC3, '@', 'a', '.', 't', 'e', 's', 't', '\n'};
        byte[] head = "name,Email\r\n\"Doe, J\",j@a.test\r\nK,\"k\"\"q\"\"@a.test\"\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bad.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        List<String> rows = CsvAddresses.read(new ByteArrayInputStream(all), 100);
        assertThat(rows).containsExactly("j@a.test", "k\"q\"@a.test", "(line 4 is not valid UTF-8)");
        assertThat(verifier.verify(rows.get(2)).reason()).isEqualTo(Reason.INVALID_SYNTAX);
    }

    @Test
    void invalidCsvGivesAClearError() {
        assertThatThrownBy(() -> CsvAddresses.read(new ByteArrayInputStream("\"open,x\n".getBytes(StandardCharsets.UTF_8)), 10))
                .hasMessage("line 1: a quoted field is not closed");
        assertThatThrownBy(() -> CsvAddresses.read(new ByteArrayInputStream(new byte[100_000]), 10))
                .hasMessageContaining("line 1 is longer than 8192 octets");
        assertThatThrownBy(() -> CsvAddresses.read(new ByteArrayInputStream("a@b.test\n".repeat(20).getBytes(StandardCharsets.UTF_8)), 10))
                .hasMessage("more than 10 rows; split the file");
    }
}
