package dev.facteur.imap.proto;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** IMAP dates (RFC 9051 §9 date, date-time). */
public final class DateTimes {

    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder()
            .parseCaseInsensitive().appendPattern("d-MMM-yyyy").toFormatter(Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.DAY_OF_MONTH, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE)
            .appendPattern("-MMM-yyyy HH:mm:ss Z").toFormatter(Locale.ROOT);
    /** RFC 9051 §9 date-time as written in responses: {@code "dd-MMM-yyyy HH:mm:ss +zzzz"}, day space-padded. */
    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ROOT);

    private DateTimes() {}

    static LocalDate parseDate(ImapCursor c, String s) throws SyntaxException {
        try {
            return LocalDate.parse(s, DATE);
        } catch (DateTimeParseException e) {
            throw c.error("bad date");
        }
    }

    static ZonedDateTime parseDateTime(ImapCursor c, String s) throws SyntaxException {
        try {
            return ZonedDateTime.parse(s, DATE_TIME);
        } catch (DateTimeParseException e) {
            throw c.error("bad date-time");
        }
    }

    public static String format(ZonedDateTime t) {
        String s = OUT.format(t);
        return s.charAt(0) == '0' ? " " + s.substring(1) : s;
    }
}
