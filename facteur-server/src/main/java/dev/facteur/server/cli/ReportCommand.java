package dev.facteur.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.facteur.auth.dmarc.report.AggregateReport;
import dev.facteur.auth.dmarc.report.ReportSummary;
import dev.facteur.server.StoreAccess;
import dev.facteur.server.reports.ReportImport;
import dev.facteur.store.ReportStore;
import dev.facteur.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code facteur report}: the DMARC aggregate reports other receivers sent us (RFC 9990). */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Show received reports.",
        subcommands = ReportCommand.Dmarc.class)
public final class ReportCommand implements Runnable {
    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Configuration file (TOML). Default: the embedded configuration (data under ./data).")
    Path configFile;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code facteur report dmarc list|show|import}. */
    @Command(name = "dmarc", mixinStandardHelpOptions = true,
            description = "DMARC aggregate reports received (by mail to [reports] ingest_address, or imported).")
    static final class Dmarc implements Runnable {
        /** Files larger than this are refused before reading (a report mail is a few MB at most). */
        static final long MAX_IMPORT_OCTETS = 20L * 1024 * 1024;

        @picocli.CommandLine.ParentCommand
        ReportCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        private <T> T withReports(Function<ReportStore, T> action) {
            try (Store store = StoreAccess.open(ConfigOption.load(Optional.ofNullable(parent.configFile)))) {
                return action.apply(store.reports());
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List received reports, newest first.")
        int list(@Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
                 int limit, @Option(names = "--json", description = "JSON for machines.") boolean json) throws Exception {
            if (limit < 1) {
                throw new UserException("--limit must be at least 1");
            }
            List<ReportStore.ReceivedReport.Summary> reports = withReports(r -> r.receivedReports(limit));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(mapper().writeValueAsString(reports));
                return 0;
            }
            if (reports.isEmpty()) {
                out.println("no reports received");
                return 0;
            }
            out.printf("%-6s %-24s %-28s %-10s %-10s %8s %8s%n", "ID", "DOMAIN", "REPORTER", "BEGIN", "END", "MESSAGES", "PASSED");
            for (ReportStore.ReceivedReport.Summary s : reports) {
                out.printf("%-6d %-24s %-28s %-10s %-10s %8d %8d%n", s.id(), s.policyDomain(), s.orgName(),
                        day(s.begin()), day(s.end()), s.messages(), s.passed());
            }
            return 0;
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one received report with its rows.")
        int show(@Parameters(paramLabel = "ID") long id, @Option(names = "--json") boolean json,
                 @Option(names = "--xml", description = "The report's XML (RFC 9990 schema).") boolean xml) throws Exception {
            Optional<ReportStore.ReceivedReport> r = withReports(s -> s.receivedReport(id));
            if (r.isEmpty()) {
                throw new UserException("no received report " + id);
            }
            PrintWriter out = spec.commandLine().getOut();
            Optional<AggregateReport> parsed = ReportImport.parsed(r.get());
            if (xml) {
                out.print(r.get().xml());
            } else if (json) {
                out.println(mapper().writeValueAsString(Map.of("summary", r.get().summary(), "report", parsed.orElse(null))));
            } else {
                out.print(parsed.map(ReportSummary::render).orElse("the stored report no longer parses\n"));
            }
            return 0;
        }

        @Command(name = "import", mixinStandardHelpOptions = true,
                description = "Store the reports in files: report mails (.eml), or .xml, .xml.gz or .zip reports.")
        int importFiles(@Parameters(paramLabel = "FILE", arity = "1..*") List<Path> files) {
            PrintWriter out = spec.commandLine().getOut();
            int failed = 0;
            for (Path f : files) {
                byte[] bytes = read(f);
                ReportImport.Result r = withReports(s -> ReportImport.importMessage(s, bytes, Instant.now()));
                out.println(f + ": " + r.stored() + " stored, " + r.duplicates() + " already known"
                        + (r.unreadable() > 0 ? ", " + r.unreadable() + " unreadable (" + r.cause() + ")" : ""));
                failed += r.stored() + r.duplicates() == 0 ? 1 : 0;
            }
            if (failed > 0) {
                throw new UserException(failed + " of " + files.size() + " files held no readable report");
            }
            return 0;
        }

        private static byte[] read(Path f) {
            try {
                if (Files.size(f) > MAX_IMPORT_OCTETS) {
                    throw new UserException(f + ": larger than " + MAX_IMPORT_OCTETS + " octets");
                }
                try (InputStream in = Files.newInputStream(f)) {
                    return in.readNBytes((int) MAX_IMPORT_OCTETS);
                }
            } catch (IOException e) {
                throw new UserException("cannot read " + f);
            }
        }
    }

    private static String day(Instant t) {
        return t.toString().substring(0, 10);
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
