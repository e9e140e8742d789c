package dev.facteur.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facteur.core.mail.EmailAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The [reports] section. */
class ReportsConfigTest {
    @TempDir
    Path dir;

    private Path write(String toml) throws Exception {
        return Files.writeString(dir.resolve("facteur.toml"), toml);
    }

    @Test
    void reportsAreOffByDefaultAndNamedAfterTheHost() {
        ReportsConfig r = ConfigLoader.defaults().reports();
        assertThat(r.enabled()).isFalse();
        assertThat(r.failureReports()).isFalse();
        assertThat(r.orgName()).isEqualTo("localhost");
        assertThat(r.ingestAddress()).isEmpty();
        assertThat(r.retention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void readsEveryKey() throws Exception {
        ReportsConfig r = ConfigLoader.load(write("""
                hostname = "mail.example.com"
                [reports]
                enabled = true
                from = "dmarc-reports@example.com"
                org_name = "Example Mail"
                failure_reports = true
                ingest_address = "rua@example.com"
                retention = "90d"
                """)).reports();
        assertThat(r).isEqualTo(new ReportsConfig(true, java.util.Optional.of(EmailAddress.parse("dmarc-reports@example.com")),
                "Example Mail", true, java.util.Optional.of(EmailAddress.parse("rua@example.com")), Duration.ofDays(90)));
    }

    @Test
    void everyProblemIsReportedWithItsLine() throws Exception {
        Path f = write("""
                [reports]
                enabled = "yes"
                from = "not an address"
                failure_reports = true
                retention = "1h"
                colour = "blue"
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::key, ConfigProblem::line)
                        .containsExactlyInAnyOrder(
                                Tuple.tuple("reports.enabled", 2),
                                Tuple.tuple("reports.from", 3),
                                Tuple.tuple("reports.failure_reports", 4),
                                Tuple.tuple("reports.retention", 5),
                                Tuple.tuple("reports.colour", 6)));
    }

    @Test
    void enablingReportsNeedsAFromAddress() throws Exception {
        Path f = write("""
                [reports]
                enabled = true
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":2: reports.enabled: reports need a from address");
    }
}
