package dev.facteur.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.auth.dmarc.report.AggregateReport;
import dev.facteur.auth.dmarc.report.ReportMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path dir;
    private Path config;

    @BeforeEach
    void config() throws Exception {
        config = Files.writeString(dir.resolve("facteur.toml"), "data_dir = \"data\"\n");
    }

    private CliTest.Result report(String... args) {
        String[] full = new String[args.length + 4];
        full[0] = "report";
        full[1] = "dmarc";
        System.arraycopy(args, 0, full, 2, args.length);
        full[args.length + 2] = "--config";
        full[args.length + 3] = config.toString();
        return CliTest.run(full);
    }

    private Path reportMail() throws Exception {
        var r = new AggregateReport("1.0", new AggregateReport.Metadata("Big Receiver", "noreply@big.test", Optional.empty(),
                "id-42", 1774915200, 1775001600, List.of()),
                new AggregateReport.PolicyPublished("local.test", Optional.empty(), Optional.empty(), "reject",
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                List.of(new AggregateReport.Row("192.0.2.7", 3, "reject", "fail", "fail", List.of(), Optional.empty(),
                        Optional.of("spoof.test"), "local.test", List.of(), List.of())));
        return Files.write(dir.resolve("report.eml"), ReportMessages.aggregate(r, "noreply@big.test", "dmarc@local.test",
                "big.test", Instant.parse("2026-04-01T01:00:00Z")));
    }

    @Test
    void importedReportsAreListedAndShown() throws Exception {
        assertThat(report("list").out()).contains("no reports received");
        assertThat(report("import", reportMail().toString()).out()).contains("1 stored");
        assertThat(report("import", reportMail().toString()).out()).contains("1 already known");
        CliTest.Result list = report("list");
        assertThat(list.out()).contains("local.test").contains("Big Receiver").contains("2026-03-31");
        assertThat(report("list", "--json").out()).contains("\"reportId\":\"id-42\"");
        assertThat(report("show", "1").out()).contains("DMARC aggregate report id-42").contains("192.0.2.7")
                .contains("3 messages, 0 passed DMARC, 3 failed");
        assertThat(report("show", "1", "--xml").out()).contains("<report_id>id-42</report_id>");
        assertThat(report("show", "1", "--json").out()).contains("\"sourceIp\":\"192.0.2.7\"");
    }

    @Test
    void unknownReportsAndUnreadableFilesFailInOneLine() throws Exception {
        CliTest.Result r = report("show", "7");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("facteur: no received report 7" + System.lineSeparator());
        Path junk = Files.writeString(dir.resolve("junk.eml"), "Subject: hi\r\n\r\nnothing\r\n");
        CliTest.Result imported = report("import", junk.toString());
        assertThat(imported.status()).isEqualTo(1);
        assertThat(imported.err()).contains("1 of 1 files held no readable report");
    }
}
