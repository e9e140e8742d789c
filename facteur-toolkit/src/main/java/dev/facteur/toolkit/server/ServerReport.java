package dev.facteur.toolkit.server;

import dev.facteur.toolkit.report.Report;
import java.util.List;

/** {@code facteur check server}: the findings, what each port answered, and the settings for mail clients. */
public record ServerReport(Report report, List<PortReport> ports, List<ClientSetting> settings) {
    public ServerReport {
        ports = List.copyOf(ports);
        settings = List.copyOf(settings);
    }
}
