package dev.facteur.toolkit.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a {@link Report} for people: findings grouped by area, each with its fix. */
public final class TextRenderer {

    private final boolean colour;

    /** @param colour true to use ANSI colours (only for a terminal) */
    public TextRenderer(boolean colour) {
        this.colour = colour;
    }

    public String render(Report report) {
        StringBuilder b = new StringBuilder();
        b.append(report.kind()).append(' ').append(Printable.of(report.subject(), 300))
                .append(" — checked ").append(report.checkedAt()).append('\n');
        Map<String, List<Finding>> byArea = new LinkedHashMap<>();
        for (Finding f : report.findings()) {
            byArea.computeIfAbsent(f.area(), k -> new java.util.ArrayList<>()).add(f);
        }
        for (Map.Entry<String, List<Finding>> e : byArea.entrySet()) {
            b.append('\n').append(e.getKey().toUpperCase(java.util.Locale.ROOT)).append('\n');
            for (Finding f : e.getValue()) {
                b.append("  ").append(label(f.severity())).append(' ').append(Printable.of(f.explanation(), 2000))
                        .append(" [").append(f.code()).append("]\n");
                if (!f.fix().isEmpty()) {
                    b.append("         fix: ").append(Printable.of(f.fix(), 2000)).append('\n');
                }
            }
        }
        b.append("\nResult: ").append(report.worst().name().toLowerCase(java.util.Locale.ROOT))
                .append(" (").append(count(report, Severity.ERROR)).append(" errors, ")
                .append(count(report, Severity.WARN)).append(" warnings, ")
                .append(count(report, Severity.OK)).append(" ok)\n");
        return b.toString();
    }

    private static long count(Report r, Severity s) {
        return r.findings().stream().filter(f -> f.severity() == s).count();
    }

    private String label(Severity s) {
        String text = switch (s) {
            case OK -> "[ok]   ";
            case WARN -> "[warn] ";
            case ERROR -> "[error]";
        };
        if (!colour) {
            return text;
        }
        String code = switch (s) {
            case OK -> "32";
            case WARN -> "33";
            case ERROR -> "31";
        };
        return "\u001b[" + code + "m" + text + "\u001b[0m";
    }
}
