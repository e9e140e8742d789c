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
        // Nothing listens at 127.0.0.51: the callout cannot connect, so no decision is possible.
        net.dns().mx("dead.cli.test", 10, "mx.dead.cli.test").a("mx.dead.cli.test", "127.0.0.51");
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
        assertThat(run(new VerifyCommand(), "address", "--help").out().replaceAll("\\s+", " ")).contains("Exit status: 0 deliverable, 3 risky, 4 undeliverable, 5 unknown");
        assertThat(run(new VerifyCommand(), "file", "--help").out()).contains("resumes");
        assertThat(run(new AnalyzeCommand(), "message", "--help").out()).contains("stdin");
    }

    @Test
    void verifyAddressPrintsJsonAndExitsWithTheVerdict() {
        Run ok = run(new VerifyCommand(), "address", "--json", "--dns", net.dns().hostPort(), "alice@cli.test");
        assertThat(ok.status()).isEqualTo(0);
        assertThat(ok.out()).contains("\"verdict\" : \"deliverable\"");
        Run bad = run(new VerifyCommand(), "address", "--dns", net.dns().hostPort(), "bob@cli.test");
        assertThat(bad.status()).isEqualTo(ExitStatus.ERRORS).isEqualTo(4);
        assertThat(bad.out()).contains("bob@cli.test: undeliverable (mailbox_not_found)").contains("RCPT TO:<bob@cli.test> → 550 5.1.1");
    }

    @Test
    void checkDomainExitsWithItsWorstFinding() {
        Run r = run(new CheckCommand(), "domain", "--no-smtp", "--timeout", "2", "--dns", net.dns().hostPort(), "cli.test");
        assertThat(r.status()).isEqualTo(ExitStatus.WARNINGS).isEqualTo(3);
        assertThat(r.out()).contains("[warn]").contains("Result: warn");
        assertThat(run(new CheckCommand(), "domain", "--dns", net.dns().hostPort(), "not a domain").status()).isEqualTo(ExitStatus.ERRORS).isEqualTo(4);
    }

    @Test
    void findingStatusesAreDistinctFromUsageErrorsAndFailuresToRun(@TempDir Path dir) {
        assertThat(run(new CheckCommand(), "domain", "--no-such-option", "cli.test").status()).isEqualTo(ExitStatus.USAGE).isEqualTo(2);
        assertThat(run(new CheckCommand(), "domain").status()).isEqualTo(ExitStatus.USAGE);
        assertThat(run(new AnalyzeCommand(), "message", dir.resolve("missing.eml").toString()).status()).isEqualTo(ExitStatus.FAILED).isEqualTo(1);
        assertThat(run(new CheckCommand(), "domain", "--timeout", "0", "cli.test").status()).isEqualTo(ExitStatus.FAILED);
        assertThat(java.util.Set.of(ExitStatus.OK, ExitStatus.FAILED, ExitStatus.USAGE, ExitStatus.WARNINGS, ExitStatus.ERRORS, ExitStatus.UNKNOWN)).hasSize(6);
        assertThat(ExitStatus.USAGE).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(ExitStatus.FAILED).isEqualTo(CommandLine.ExitCode.SOFTWARE);
    }

    @Test
    void verifyAnUnknownAddressExitsWithFive() {
        Run r = run(new VerifyCommand(), "address", "--timeout", "1", "--greylist-wait", "0", "--dns", net.dns().hostPort(), "someone@dead.cli.test");
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(ExitStatus.UNKNOWN).isEqualTo(5);
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
