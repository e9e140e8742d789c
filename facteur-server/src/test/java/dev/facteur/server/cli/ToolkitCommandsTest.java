package dev.facteur.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.testkit.dns.TestDnsServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The toolkit commands as {@code facteur} runs them: their finding and verdict statuses (0, 3, 4,
 * 5) never collide with a usage error (2) or a command that could not run (1).
 */
class ToolkitCommandsTest {

    static TestDnsServer dns;

    @BeforeAll
    static void zone() {
        dns = TestDnsServer.start();
        // A clean MX, an SPF record; no DKIM, DMARC or TLS-RPT: warnings only.
        dns.mx("warn.test", 10, "mx.warn.test").a("mx.warn.test", "127.0.0.2").ptr("127.0.0.2", "mx.warn.test")
                .txt("warn.test", "v=spf1 mx -all");
        // SPF +all is an error.
        dns.mx("error.test", 10, "mx.warn.test").txt("error.test", "v=spf1 +all");
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        CommandLine cl = FacteurCommand.commandLine(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Result(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void checkDomainExitsThreeOnWarningsAndFourOnErrors() {
        Result warn = run("check", "domain", "--no-smtp", "--timeout", "2", "--dns", dns.hostPort(), "warn.test");
        assertThat(warn.status()).as(warn.out() + warn.err()).isEqualTo(3);
        assertThat(warn.out()).contains("Result: warn");
        Result error = run("check", "domain", "--no-smtp", "--timeout", "2", "--dns", dns.hostPort(), "error.test");
        assertThat(error.status()).as(error.out() + error.err()).isEqualTo(4);
        assertThat(error.out()).contains("[spf-pass-all]");
    }

    @Test
    void verifyExitsFourForAnUndeliverableAddress() {
        Result r = run("verify", "address", "--timeout", "1", "--dns", dns.hostPort(), "someone@nosuchdomain.test");
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(4);
        assertThat(r.out()).contains("undeliverable (domain_not_found)");
    }

    @Test
    void usageErrorsExitTwoAndFailuresToRunExitOne(@TempDir Path dir) {
        Result usage = run("check", "domain", "--bogus", "warn.test");
        assertThat(usage.status()).isEqualTo(2);
        assertThat(usage.err()).startsWith("facteur: Unknown option: '--bogus'");
        assertThat(run("verify", "address").status()).isEqualTo(2);
        Result missing = run("analyze", "message", dir.resolve("missing.eml").toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err().strip().lines()).singleElement().asString().startsWith("facteur: cannot read");
        assertThat(run("check", "server", "--timeout", "0", "mail.test").status()).isEqualTo(1);
    }

    private static String help(String... command) {
        String[] args = java.util.Arrays.copyOf(command, command.length + 1);
        args[command.length] = "--help";
        return run(args).out().replaceAll("\\s+", " ");
    }

    @Test
    void helpDocumentsTheStatuses() {
        assertThat(help("check", "domain")).contains("0 all ok, 3 warnings, 4 errors");
        assertThat(help("analyze", "message")).contains("0 all ok, 3 warnings, 4 errors");
        assertThat(help("verify", "address")).contains("0 deliverable, 3 risky, 4 undeliverable, 5 unknown");
    }
}
