package dev.facteur.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.core.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        CommandLine cl = FacteurCommand.commandLine(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"serve", "--help"}, {"init", "--help"},
                {"config", "check", "--help"}, {"admin", "--help"}, {"admin", "domain", "add", "--help"},
                {"admin", "account", "passwd", "--help"}, {"admin", "alias", "remove", "--help"},
                {"admin", "quota", "set", "--help"}, {"queue", "list", "--help"}, {"check", "domain", "--help"},
                {"check", "server", "--help"}, {"verify", "address", "--help"}, {"verify", "file", "--help"},
                {"analyze", "message", "--help"}, {"admin", "dkim", "generate", "--help"}}) {
            Result r = run(args);
            assertThat(r.status()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage:");
        }
    }

    @Test
    void unknownOptionIsOneLineAndStatusTwo() {
        Result r = run("serve", "--bogus");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("facteur: Unknown option: '--bogus'");
    }

    @Test
    void initWritesAValidProductionConfigAndPrintsDns() throws Exception {
        Path out = dir.resolve("facteur.toml");
        Result r = run("init", "--domain", "Example.COM", "--hostname", "mail.example.com",
                "--output", out.toString(), "--data-dir", dir.resolve("data").toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("example.com.\t\tIN MX 10 mail.example.com.")
                .contains("\"v=spf1 mx -all\"");
        String toml = Files.readString(out);
        assertThat(toml).contains("smtp = \"[::]:25\"").contains("submission = \"[::]:587\"")
                .contains("imaps = \"[::]:993\"").contains("allow_plaintext_on_loopback = false");
        // Valid apart from the certificate files that the operator still has to provide.
        Files.writeString(dir.resolve("c.pem"), "c");
        String withTls = toml.replaceAll("certificate = \".*\"", "certificate = \"c.pem\"")
                .replaceAll("private_key = \".*\"", "private_key = \"c.pem\"");
        Files.writeString(out, withTls);
        assertThat(ConfigLoader.load(out).listeners()).hasSize(8);
    }

    @Test
    void initRefusesToOverwriteWithoutForce() throws Exception {
        Path out = Files.writeString(dir.resolve("facteur.toml"), "# mine");
        Result r = run("init", "--domain", "example.com", "--hostname", "mail.example.com", "--output", out.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("facteur: " + out + " exists; pass --force to overwrite it" + System.lineSeparator());
        assertThat(Files.readString(out)).isEqualTo("# mine");
    }

    @Test
    void initRejectsAnInvalidDomain() {
        Result r = run("init", "--domain", "exa mple", "--hostname", "mail.example.com",
                "--output", dir.resolve("x.toml").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("facteur: --domain: invalid domain");
    }

    @Test
    void configCheckReportsEachProblemWithItsLine() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.toml"), "hostname = \"ok.example\"\nbogus = 1\n[limits]\nmax_errors = 0\n");
        Result r = run("config", "check", f.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains(f + ":2: bogus: unknown key").contains(f + ":4: limits.max_errors: 0 is out of range");
    }

    @Test
    void configCheckAcceptsAGoodFile() throws Exception {
        Path f = Files.writeString(dir.resolve("good.toml"), "hostname = \"mail.example.com\"\n");
        Result r = run("config", "check", f.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith(f + ": ok");
    }

    @Test
    void serveWithAMissingConfigFailsWithOneLine() {
        Result r = run("serve", "--config", dir.resolve("nope.toml").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("facteur: " + dir.resolve("nope.toml") + ": cannot read the file: no such file"
                + System.lineSeparator());
    }
}
