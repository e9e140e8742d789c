package dev.facteur.toolkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.toolkit.harness.FakeMailHost;
import dev.facteur.toolkit.harness.LoopbackInternet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The picocli commands as facteur-server registers them: help, JSON, --dns, exit status. */
class CommandsTest {

    static LoopbackInternet net;
    static ToolkitEnvironment env;

    @BeforeAll
    static void internet() throws Exception {
        net = new LoopbackInternet();
        net.host("mx.cli.test", "127.0.0.50", FakeMailHost.Behaviour.of(FakeMailHost.Mode.NORMAL, "alice"));
        net.dns().mx("cli.test", 10, "mx.cli.test").txt("cli.test", "v=spf1 mx -all").ptr("127.0.0.50", "mx.cli.test");
        env = new ToolkitEnvironment(List.of(), "cli.test", net.smtpPort(), InstantSource.system());
    }

    @AfterAll
    static void close() throws Exception {
        net.close();
    }

    record Run(int status, String out, String err) {
    }

    private static Run run(Object command, String... args) {
        CommandLine cl = new CommandLine(command, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                try {
                    return cls.getConstructor(ToolkitEnvironment.class).newInstance(env);
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(cls);
                }
            }
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : List.of(new String[] {"domain", "--help"}, new String[] {"server", "--help"})) {
            assertThat(run(new CheckCommand(), args).out()).contains("--json").contains("--dns");
        }
        assertThat(run(new VerifyCommand(), "address", "--help").out()).contains("Exit status: 0 deliverable, 1 risky, 2 undeliverable, 3 unknown");
        assertThat(run(new VerifyCommand(), "file", "--help").out()).contains("resumes");
        assertThat(run(new AnalyzeCommand(), "message", "--help").out()).contains("stdin");
    }

    @Test
    void verifyAddressPrintsJsonAndExitsWithTheVerdict() {
        Run ok = run(new VerifyCommand(), "address", "--json", "--dns", net.dns().hostPort(), "alice@cli.test");
        assertThat(ok.status()).isEqualTo(0);
        assertThat(ok.out()).contains("\"verdict\" : \"deliverable\"");
        Run bad = run(new VerifyCommand(), "address", "--dns", net.dns().hostPort(), "bob@cli.test");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.out()).contains("bob@cli.test: undeliverable (mailbox_not_found)").contains("RCPT TO:<bob@cli.test> → 550 5.1.1");
    }

    @Test
    void checkDomainExitsWithItsWorstFinding() {
        Run r = run(new CheckCommand(), "domain", "--no-smtp", "--timeout", "2", "--dns", net.dns().hostPort(), "cli.test");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("[warn]").contains("Result: warn");
        assertThat(run(new CheckCommand(), "domain", "--dns", net.dns().hostPort(), "not a domain").status()).isEqualTo(2);
    }

    @Test
    void verifyFileWritesResultsAndASummary(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("list.csv");
        Files.writeString(csv, "email\nalice@cli.test\nbob@cli.test\ngarbage\n");
        Run r = run(new VerifyCommand(), "file", "--dns", net.dns().hostPort(), csv.toString());
        assertThat(r.status()).isEqualTo(0);
        assertThat(r.out()).contains("coverage: 3/3 decided = 100.0%");
        assertThat(Files.readAllLines(dir.resolve("list-results.csv"))).hasSize(4);
    }
}
