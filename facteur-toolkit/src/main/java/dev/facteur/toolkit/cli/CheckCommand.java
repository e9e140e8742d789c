package dev.facteur.toolkit.cli;

import dev.facteur.toolkit.check.DomainCheckOptions;
import dev.facteur.toolkit.check.DomainChecker;
import dev.facteur.toolkit.check.PolicyFetcher;
import dev.facteur.toolkit.report.JsonRenderer;
import dev.facteur.toolkit.report.Report;
import dev.facteur.toolkit.report.TextRenderer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code facteur check domain|server}. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Check a mail domain's DNS and servers, or a mail server's client ports.",
        subcommands = {CheckCommand.Domain.class, CheckServerCommand.class})
public final class CheckCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints a report as text or JSON and returns the exit status of its worst finding (0 ok, 3 warnings, 4 errors). */
    static int print(CommandLine.Model.CommandSpec spec, Report report, boolean json) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? JsonRenderer.render(report) + "\n" : new TextRenderer(System.console() != null).render(report));
        out.flush();
        return ExitStatus.of(report.worst());
    }

    @Command(name = "domain", mixinStandardHelpOptions = true,
            description = {"Check a mail domain: MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT, DANE, BIMI, reverse DNS, block lists and a live SMTP probe of each MX.",
                "Exit status: 0 all ok, 3 warnings, 4 errors; 1 the command could not run, 2 usage error."})
    public static final class Domain implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Parameters(paramLabel = "DOMAIN", description = "The domain, e.g. example.com.")
        String domain;

        @Option(names = "--selector", paramLabel = "NAME", description = "DKIM selector to check besides the common ones (repeatable).")
        List<String> selectors = new ArrayList<>();

        @Option(names = "--no-smtp", description = "Skip the live SMTP probe of the MX hosts.")
        boolean noSmtp;

        @Option(names = "--dnsbl", paramLabel = "ZONE", description = "DNS block list zone to look the MX addresses up in (repeatable), e.g. zen.spamhaus.org.")
        List<String> dnsbls = new ArrayList<>();

        private final ToolkitEnvironment env;

        public Domain() {
            this(ToolkitEnvironment.systemDefault());
        }

        public Domain(ToolkitEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            var dns = env.resolver(common.dnsServers(), common.timeout());
            DomainChecker checker = new DomainChecker(dns, env.clock(), PolicyFetcher.https(dns, common.timeout()));
            DomainCheckOptions options = new DomainCheckOptions(selectors, !noSmtp, env.smtpPort(), dnsbls, common.timeout(), env.heloName());
            return print(spec, checker.check(domain, options), common.json);
        }
    }
}
