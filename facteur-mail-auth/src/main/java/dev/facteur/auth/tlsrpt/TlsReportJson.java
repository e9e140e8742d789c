package dev.facteur.auth.tlsrpt;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Writes a {@link TlsReport} as the JSON of RFC 8460 §4.4. */
public final class TlsReportJson {

    private TlsReportJson() {
    }

    public static String write(TlsReport r) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("{\"organization-name\":").append(string(r.organizationName()))
                // RFC 8460 §4.4: date-time per RFC 3339, UTC.
                .append(",\"date-range\":{\"start-datetime\":").append(string(time(r.start())))
                .append(",\"end-datetime\":").append(string(time(r.end()))).append('}')
                .append(",\"contact-info\":").append(string(r.contactInfo()))
                .append(",\"report-id\":").append(string(r.reportId()))
                .append(",\"policies\":[");
        for (int i = 0; i < r.policies().size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            policy(sb, r.policies().get(i));
        }
        return sb.append("]}").toString();
    }

    private static void policy(StringBuilder sb, TlsReport.PolicyResult p) {
        sb.append("{\"policy\":{\"policy-type\":").append(string(p.policyType()));
        if (!p.policyStrings().isEmpty()) {
            sb.append(",\"policy-string\":").append(array(p.policyStrings()));
        }
        sb.append(",\"policy-domain\":").append(string(p.policyDomain())).append('}')
                .append(",\"summary\":{\"total-successful-session-count\":").append(p.successCount())
                .append(",\"total-failure-session-count\":").append(p.failureCount()).append('}');
        if (!p.failures().isEmpty()) {
            sb.append(",\"failure-details\":[");
            for (int i = 0; i < p.failures().size(); i++) {
                TlsReport.FailureDetail f = p.failures().get(i);
                sb.append(i > 0 ? "," : "").append("{\"result-type\":").append(string(f.resultType()))
                        .append(",\"receiving-mx-hostname\":").append(string(f.receivingMxHostname()))
                        .append(",\"receiving-ip\":").append(string(f.receivingIp()))
                        .append(",\"failed-session-count\":").append(f.count()).append('}');
            }
            sb.append(']');
        }
        sb.append('}');
    }

    private static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    private static String array(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i > 0 ? "," : "").append(string(values.get(i)));
        }
        return sb.append(']').toString();
    }

    /** RFC 8259 §7: a string with quotes, backslashes and control characters escaped. */
    static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
