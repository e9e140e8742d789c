package dev.facteur.toolkit.cli;

import dev.facteur.toolkit.report.JsonRenderer;
import dev.facteur.toolkit.verify.AddressLists;
import dev.facteur.toolkit.verify.AddressVerifier;
import dev.facteur.toolkit.verify.BulkRunner;
import dev.facteur.toolkit.verify.CsvAddresses;
import dev.facteur.toolkit.verify.Evidence;
import dev.facteur.toolkit.verify.Pause;
import dev.facteur.toolkit.verify.VerificationResult;
import dev.facteur.toolkit.verify.VerifierConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code facteur verify address|file}. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify that addresses can receive mail.",
        subcommands = {VerifyCommand.Address.class, VerifyCommand.File.class})
public final class VerifyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options shared by both subcommands: the callout's identity and limits. */
    static final class CalloutOptions {
        @Option(names = "--mail-from", paramLabel = "ADDRESS", defaultValue = "", description = "Reverse-path of the callout (default: the null sender <>).")
        String mailFrom;

        @Option(names = "--helo", paramLabel = "NAME", description = "Name sent in EHLO (default: the configured server name).")
        String helo;

        @Option(names = "--greylist-wait", paramLabel = "SECONDS", defaultValue = "300", description = "Longest wait before retrying a greylisted address (default ${DEFAULT-VALUE}; 0 disables the retry).")
        int greylistWait;

        AddressVerifier verifier(ToolkitEnvironment env, CommonOptions common) {
            Duration t = common.timeout();
            VerifierConfig base = VerifierConfig.defaults(helo == null ? env.heloName() : helo);
            VerifierConfig c = new VerifierConfig(env.smtpPort(), base.heloName(), mailFrom, t, t.multipliedBy(3), t.multipliedBy(6),
                    greylistWait > 0 ? 1 : 0, Duration.ofSeconds(Math.min(60, Math.max(0, greylistWait))), Duration.ofSeconds(Math.max(0, greylistWait)),
                    base.maxConnectionsPerHost(), base.rcptsPerTransaction(), base.parallelDomains());
            return new AddressVerifier(env.resolver(common.dnsServers(), t), c, AddressLists.shipped(), Pause.real(), new SecureRandom());
        }
    }

    @Command(name = "address", mixinStandardHelpOptions = true,
            description = {"Verify one address: syntax, domain, MX (or A fallback), lists, and an SMTP callout without sending mail.",
                "Exit status: 0 deliverable, 3 risky, 4 undeliverable, 5 unknown; 1 the command could not run, 2 usage error."})
    public static final class Address implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Mixin
        CalloutOptions callout;

        @Parameters(paramLabel = "ADDRESS", description = "The address, e.g. someone@example.com.")
        String address;

        private final ToolkitEnvironment env;

        public Address() {
            this(ToolkitEnvironment.systemDefault());
        }

        public Address(ToolkitEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            VerificationResult r = callout.verifier(env, common).verify(address);
            PrintWriter out = spec.commandLine().getOut();
            out.print(common.json ? JsonRenderer.render(r) + "\n" : text(r));
            out.flush();
            return ExitStatus.of(r.verdict());
        }
    }

    /** The text form of one verdict with its evidence. */
    public static String text(VerificationResult r) {
        StringBuilder b = new StringBuilder();
        b.append(dev.facteur.toolkit.report.Printable.of(r.input(), 200)).append(": ").append(r.verdict().name().toLowerCase(Locale.ROOT))
                .append(" (").append(r.reason().name().toLowerCase(Locale.ROOT)).append(")\n");
        if (r.disposable() || r.role() || r.freeProvider() || r.catchAll()) {
            b.append("  flags:").append(r.disposable() ? " disposable" : "").append(r.role() ? " role" : "")
                    .append(r.freeProvider() ? " free-provider" : "").append(r.catchAll() ? " catch-all" : "").append('\n');
        }
        b.append("  evidence:\n");
        for (Evidence e : r.evidence()) {
            b.append("    ").append(dev.facteur.toolkit.report.Printable.of(e.describe(), 400)).append('\n');
        }
        return b.toString();
    }

    @Command(name = "file", mixinStandardHelpOptions = true,
            description = {"Verify every address of a CSV file (the email/address column, else the first), with a progress bar; an interrupted run resumes where it stopped.",
                "Writes PREFIX.csv and PREFIX.json (one row per input address) and PREFIX.jsonl (the resume state), then prints the summary.",
                "Exit status: 0 when every address was processed; 1 the command could not run, 2 usage error."})
    public static final class File implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Mixin
        CalloutOptions callout;

        @Parameters(paramLabel = "LIST.csv", description = "The CSV file.")
        Path file;

        @Option(names = {"-o", "--output"}, paramLabel = "PREFIX", description = "Prefix of the result files (default: the input name without .csv, plus -results).")
        Path output;

        @Option(names = "--max-rows", defaultValue = "1000000", description = "Refuse files with more rows (default ${DEFAULT-VALUE}).")
        int maxRows;

        private final ToolkitEnvironment env;

        public File() {
            this(ToolkitEnvironment.systemDefault());
        }

        public File(ToolkitEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("cannot read " + file + ": not a file");
            }
            List<String> inputs;
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
                inputs = CsvAddresses.read(in, maxRows);
            } catch (CsvAddresses.CsvException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage());
            }
            Path prefix = output != null ? output : file.resolveSibling(file.getFileName().toString().replaceFirst("(?i)\\.csv$", "") + "-results");
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
            BulkRunner.Summary s = new BulkRunner(callout.verifier(env, common)).run(inputs, prefix, bar::update);
            bar.finish();
            PrintWriter out = spec.commandLine().getOut();
            if (common.json) {
                out.println(JsonRenderer.render(new FileSummary(s.total(), s.counts(), s.decided(), s.coverage(), s.resumed(),
                        prefix + ".csv", prefix + ".json")));
            } else {
                out.print(s.table());
                out.println("results: " + prefix + ".csv, " + prefix + ".json");
            }
            out.flush();
            return ExitStatus.OK;
        }
    }

    /** The JSON summary of a file run. */
    public record FileSummary(int total, java.util.Map<dev.facteur.toolkit.verify.Verdict, Integer> counts, int decided,
            double coverage, int resumed, String csv, String json) {
    }
}
