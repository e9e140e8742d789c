package dev.facteur.toolkit.cli;

import dev.facteur.toolkit.report.JsonRenderer;
import dev.facteur.toolkit.report.Printable;
import dev.facteur.toolkit.report.TextRenderer;
import dev.facteur.toolkit.server.ClientSetting;
import dev.facteur.toolkit.server.PortReport;
import dev.facteur.toolkit.server.ServerCheckOptions;
import dev.facteur.toolkit.server.ServerChecker;
import dev.facteur.toolkit.server.ServerReport;
import dev.facteur.toolkit.server.TlsOffer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code facteur check server HOST [--user USER]} (password read from stdin). */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Probe a mail server's ports 25, 465, 587, 143, 993, 110 and 995: TLS, certificate, authentication mechanisms, an optional login, and the settings a mail client needs.",
            "With --user, the password is read from the first line of stdin. Exit status: 0 all ok, 3 warnings, 4 errors; 1 the command could not run, 2 usage error."})
public final class CheckServerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "HOST", description = "The server, e.g. mail.example.com.")
    String host;

    @Option(names = "--user", paramLabel = "USER", description = "Try a login as USER on each port with TLS (password from stdin).")
    String user;

    @Option(names = "--no-tls-scan", description = "Skip the enumeration of every TLS version and cipher suite (one connection per accepted suite).")
    boolean noTlsScan;

    private final ToolkitEnvironment env;

    public CheckServerCommand() {
        this(ToolkitEnvironment.systemDefault());
    }

    public CheckServerCommand(ToolkitEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        Optional<ServerCheckOptions.Credentials> credentials = Optional.empty();
        if (user != null) {
            String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("--user needs the password on the first line of stdin");
            }
            credentials = Optional.of(new ServerCheckOptions.Credentials(user, password));
        }
        var dns = env.resolver(common.dnsServers(), common.timeout());
        ServerChecker checker = new ServerChecker(h -> {
            java.util.List<java.net.InetAddress> all = new java.util.ArrayList<>(dns.a(h).values());
            all.addAll(dns.aaaa(h).values());
            return all;
        }, env.clock());
        ServerReport r = checker.check(host, ServerCheckOptions.standard(common.timeout(), credentials).withTlsScan(!noTlsScan));
        PrintWriter out = spec.commandLine().getOut();
        out.print(common.json ? JsonRenderer.render(r) + "\n" : text(r, System.console() != null));
        out.flush();
        return ExitStatus.of(r.report().worst());
    }

    /** The text form: the port table, the findings, then the client settings. */
    public static String text(ServerReport r, boolean colour) {
        StringBuilder b = new StringBuilder("PORTS\n");
        for (PortReport p : r.ports()) {
            b.append(String.format("  %-12s %5d  %-13s %-40s before TLS: %-20s after TLS: %s%n", p.service().name().toLowerCase(Locale.ROOT), p.port(),
                    p.security(), String.join("; ", p.tls()), String.join(" ", p.saslBeforeTls()), String.join(" ", p.saslAfterTls())));
        }
        for (PortReport p : r.ports()) {
            for (TlsOffer o : p.tlsOffered()) {
                b.append(String.format("  %-12s %5d  %-8s%s %s%n", p.service().name().toLowerCase(Locale.ROOT), p.port(), o.version(),
                        o.deprecated() ? " (deprecated)" : "", String.join(" ", o.suites().stream()
                                .map(x -> x.strength().equals("strong") ? x.name() : x.name() + "[" + x.strength() + "]").toList())));
            }
        }
        b.append('\n').append(new TextRenderer(colour).render(r.report()));
        b.append("\nMAIL CLIENT SETTINGS\n");
        for (ClientSetting s : r.settings()) {
            b.append(String.format("  %-15s server %s  port %d  security %s  authentication %s%n", s.protocol(), Printable.of(s.host(), 100),
                    s.port(), s.security(), s.authentication()));
        }
        return b.toString();
    }
}
