package dev.facteur.toolkit.analyze;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the clauses of a Received header (RFC 5321 §4.4 Stamp) and RFC 5322 §3.3 dates. */
final class ReceivedParser {

    private static final Pattern FROM = Pattern.compile("(?i)\\bfrom\\s+([^\\s;()]+)");
    private static final Pattern BY = Pattern.compile("(?i)\\bby\\s+([^\\s;()]+)");
    private static final Pattern WITH = Pattern.compile("(?i)\\bwith\\s+([^\\s;()]+)");
    private static final Pattern IP = Pattern.compile("\\[(?:IPv6:)?([0-9A-Fa-f:.]{2,45})\\]|\\(([0-9]{1,3}(?:\\.[0-9]{1,3}){3})\\)");
    private static final Pattern COMMENT = Pattern.compile("\\([^()]*\\)");

    private ReceivedParser() {
    }

    record Parsed(String from, String by, String ip, String protocol, Optional<Instant> time) {
    }

    static Parsed parse(String value) {
        String v = value.length() > 4000 ? value.substring(0, 4000) : value;
        int semi = v.lastIndexOf(';');
        String clauses = semi >= 0 ? v.substring(0, semi) : v;
        int byAt = indexOfWord(clauses, "by");
        String fromPart = byAt >= 0 ? clauses.substring(0, byAt) : clauses;
        return new Parsed(group(FROM, clauses), group(BY, clauses), ip(fromPart), group(WITH, clauses),
                semi >= 0 ? date(v.substring(semi + 1)) : Optional.empty());
    }

    private static int indexOfWord(String s, String word) {
        Matcher m = Pattern.compile("(?i)(^|\\s)" + word + "\\s").matcher(s);
        return m.find() ? m.start() : -1;
    }

    private static String group(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : "";
    }

    private static String ip(String fromPart) {
        Matcher m = IP.matcher(fromPart);
        while (m.find()) {
            String ip = m.group(1) != null ? m.group(1) : m.group(2);
            if (ip.contains(".") || ip.contains(":")) {
                return ip;
            }
        }
        return "";
    }

    /** RFC 5322 §3.3 date-time, comments removed, day name optional; empty if unreadable. */
    static Optional<Instant> date(String text) {
        String t = text;
        for (int i = 0; i < 5 && COMMENT.matcher(t).find(); i++) {
            t = COMMENT.matcher(t).replaceAll(" ");
        }
        t = t.strip().replaceAll("\\s+", " ");
        if (t.length() > 100) {
            return Optional.empty();
        }
        if (t.length() > 4 && t.charAt(3) == ',') {
            t = t.substring(4).strip();
        }
        // RFC 5322 §4.3: obsolete zone names.
        t = t.replaceAll("(?i) (UT|GMT|Z)$", " +0000").replaceAll("(?i) EST$", " -0500").replaceAll("(?i) EDT$", " -0400")
                .replaceAll("(?i) CST$", " -0600").replaceAll("(?i) CDT$", " -0500").replaceAll("(?i) MST$", " -0700")
                .replaceAll("(?i) MDT$", " -0600").replaceAll("(?i) PST$", " -0800").replaceAll("(?i) PDT$", " -0700");
        for (String pattern : new String[] {"d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm Z"}) {
            try {
                return Optional.of(ZonedDateTime.parse(t, DateTimeFormatter.ofPattern(pattern, Locale.ROOT)).toInstant());
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return Optional.empty();
    }
}
