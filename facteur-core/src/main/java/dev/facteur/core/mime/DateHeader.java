package dev.facteur.core.mime;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.field.DateTimeField;
import org.apache.james.mime4j.field.DateTimeFieldLenientImpl;
import org.apache.james.mime4j.stream.RawField;
import org.jspecify.annotations.Nullable;

/**
 * The Date header field as milliseconds since the epoch (RFC 5322 §3.3), for SORT DATE and the
 * summary. A hand-written cursor reads the RFC's date-time (with CFWS, optional seconds and the
 * obsolete zone names of §4.3) without allocating; anything else (two-digit years, military
 * zones, impossible dates) goes to mime4j's lenient parser, which decided those cases before.
 * The result equals mime4j's wherever both read a value, except for the US zone names of §4.3,
 * which mime4j read as UTC: here they keep the offsets the RFC gives them.
 */
final class DateHeader {

    private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
            "nov", "dec"};
    /** Returned by the fast path when the value is not in the form it reads. */
    private static final long NOT_READ = Long.MIN_VALUE;

    private final String s;
    private int pos;

    private DateHeader(String s) {
        this.s = s;
    }

    /** Epoch milliseconds of a Date field's value, or null if neither parser can read it. */
    static @Nullable Long parse(String value) {
        long fast = new DateHeader(value).dateTime();
        if (fast != NOT_READ) {
            return fast;
        }
        return lenient(value);
    }

    /** mime4j's lenient parser, the fallback and the reference for the fast path. */
    static @Nullable Long lenient(String value) {
        try {
            DateTimeField f = DateTimeFieldLenientImpl.PARSER.parse(new RawField("Date", value), DecodeMonitor.SILENT);
            Date d = f.getDate();
            return d == null ? null : d.getTime();
        } catch (RuntimeException e) {
            return null; // RFC 5256 §3: an unparseable Date sorts by internal date
        }
    }

    /** The fast path alone (for tests): epoch milliseconds, or null when it hands the value on. */
    static @Nullable Long fast(String value) {
        long v = new DateHeader(value).dateTime();
        return v == NOT_READ ? null : v;
    }

    // RFC 5322 §3.3: date-time = [ day-of-week "," ] date time [CFWS]
    private long dateTime() {
        cfws();
        int dow = -1;
        if (pos < s.length() && isAlpha(s.charAt(pos))) {
            dow = name(DAYS);
            cfws();
            if (dow < 0 || !accept(',')) {
                return NOT_READ;
            }
            cfws();
        }
        int day = digits(1, 2); // RFC 5322 §3.3: day = [FWS] 1*2DIGIT FWS
        cfws();
        int month = name(MONTHS) + 1;
        cfws();
        int yearStart = pos;
        int year = digits(4, 9); // RFC 5322 §3.3: year = FWS 4*DIGIT FWS (obs-year's 2 or 3 digits: fallback)
        if (day < 0 || month <= 0 || year < 0 || pos - yearStart < 4) {
            return NOT_READ;
        }
        cfws();
        int hour = digits(2, 2);
        if (hour < 0 || !accept(':')) {
            return NOT_READ;
        }
        int minute = digits(2, 2);
        int second = 0;
        if (accept(':')) { // RFC 5322 §3.3: time-of-day = hour ":" minute [ ":" second ]
            second = digits(2, 2);
        }
        cfws();
        int offset = zone();
        cfws();
        if (minute < 0 || second < 0 || offset == Integer.MIN_VALUE || pos != s.length()) {
            return NOT_READ;
        }
        return epochMillis(new int[] {year, month, day, hour, minute, second}, dow, offset);
    }

    private static long epochMillis(int[] f, int dow, int offsetSeconds) {
        // Leap seconds (60) and out-of-range fields go to the fallback, which decides them as before.
        if (f[3] > 23 || f[4] > 59 || f[5] > 59) {
            return NOT_READ;
        }
        try {
            LocalDate date = LocalDate.of(f[0], f[1], f[2]);
            // RFC 5322 §3.3: the day-of-week must match the date; a mismatch is left to the fallback.
            if (dow >= 0 && date.getDayOfWeek() != DayOfWeek.of(dow + 1)) {
                return NOT_READ;
            }
            long days = date.toEpochDay();
            return ((days * 86_400 + f[3] * 3600L + f[4] * 60L + f[5]) - offsetSeconds) * 1000L;
        } catch (DateTimeException e) {
            return NOT_READ;
        }
    }

    /** RFC 5322 §3.3 zone ("+" / "-") 4DIGIT, or §4.3's obs-zone names; MIN_VALUE if neither. */
    private int zone() {
        if (pos >= s.length()) {
            return Integer.MIN_VALUE;
        }
        char c = s.charAt(pos);
        if (c == '+' || c == '-') {
            pos++;
            int start = pos;
            int hhmm = digits(4, 4);
            if (hhmm < 0 || pos - start != 4 || hhmm % 100 > 59 || hhmm / 100 > 18) {
                return Integer.MIN_VALUE;
            }
            int seconds = (hhmm / 100) * 3600 + (hhmm % 100) * 60;
            return c == '-' ? -seconds : seconds;
        }
        int start = pos;
        while (pos < s.length() && isAlpha(s.charAt(pos))) {
            pos++;
        }
        // RFC 5322 §4.3: the obsolete zone names and their offsets (military zones go to the fallback).
        return switch (s.substring(start, pos).toUpperCase(java.util.Locale.ROOT)) {
            case "UT", "GMT" -> 0;
            case "EDT" -> -4 * 3600;
            case "EST", "CDT" -> -5 * 3600;
            case "CST", "MDT" -> -6 * 3600;
            case "MST", "PDT" -> -7 * 3600;
            case "PST" -> -8 * 3600;
            default -> Integer.MIN_VALUE;
        };
    }

    /** A three-letter name from the table, ignoring case: its index, or -1. */
    private int name(String[] table) {
        if (pos + 3 > s.length() || (pos + 3 < s.length() && isAlpha(s.charAt(pos + 3)))) {
            return -1;
        }
        for (int i = 0; i < table.length; i++) {
            if (s.regionMatches(true, pos, table[i], 0, 3)) {
                pos += 3;
                return i;
            }
        }
        return -1;
    }

    /** min..max ASCII digits as a number, or -1 (the cursor stays past what it read). */
    private int digits(int min, int max) {
        int start = pos;
        int v = 0;
        while (pos < s.length() && pos - start < max && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            v = v * 10 + (s.charAt(pos) - '0');
            pos++;
        }
        if (pos - start < min || (pos < s.length() && Character.isDigit(s.charAt(pos)))) {
            return -1;
        }
        return v;
    }

    private boolean accept(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** RFC 5322 §3.2.2 CFWS: whitespace and (possibly nested, quoted-pair) comments. */
    private void cfws() {
        int depth = 0;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (depth > 0 && c == '\\') {
                pos += 2;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0 && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            pos++;
        }
        if (depth > 0) {
            pos = s.length() + 1; // an unclosed comment: nothing after it can match, the fallback decides
        }
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
