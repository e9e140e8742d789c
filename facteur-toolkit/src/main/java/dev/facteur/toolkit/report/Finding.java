package dev.facteur.toolkit.report;

/**
 * One result of a check: the area it belongs to ({@code mx}, {@code spf}, {@code dmarc} …), a
 * stable machine code, its severity, one sentence that explains it and the fix (the record to
 * publish or the setting to change; empty when nothing needs fixing).
 */
public record Finding(String area, String code, Severity severity, String explanation, String fix) {

    public Finding {
        if (area.isBlank() || code.isBlank() || explanation.isBlank()) {
            throw new IllegalArgumentException("finding needs an area, a code and an explanation");
        }
    }

    public static Finding ok(String area, String code, String explanation) {
        return new Finding(area, code, Severity.OK, explanation, "");
    }

    public static Finding warn(String area, String code, String explanation, String fix) {
        return new Finding(area, code, Severity.WARN, explanation, fix);
    }

    public static Finding error(String area, String code, String explanation, String fix) {
        return new Finding(area, code, Severity.ERROR, explanation, fix);
    }
}
