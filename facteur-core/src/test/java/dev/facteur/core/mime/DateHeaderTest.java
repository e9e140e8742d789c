package dev.facteur.core.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DateHeaderTest {

    @Test
    void rfc5322DateTimeIsReadWithItsZone() {
        assertThat(DateHeader.fast("Fri, 21 Nov 1997 09:55:06 -0600"))
                .isEqualTo(Instant.parse("1997-11-21T15:55:06Z").toEpochMilli());
    }

    @Test
    void secondsAndDayOfWeekAreOptional() {
        assertThat(DateHeader.fast("21 Nov 1997 09:55 +0000"))
                .isEqualTo(Instant.parse("1997-11-21T09:55:00Z").toEpochMilli());
    }

    @Test
    void commentsAndFoldingWhitespaceAreSkipped() {
        assertThat(DateHeader.fast(" Thu,\r\n 13 Feb 1969 23:32:54 -0330 (Newfoundland Time)"))
                .isEqualTo(Instant.parse("1969-02-14T03:02:54Z").toEpochMilli());
    }

    @Test
    void obsoleteZoneNamesUseRfc5322Section4_3Offsets() {
        assertThat(DateHeader.fast("Mon, 24 Nov 1997 14:22:01 EST"))
                .isEqualTo(Instant.parse("1997-11-24T19:22:01Z").toEpochMilli());
        assertThat(DateHeader.fast("Mon, 24 Nov 1997 14:22:01 GMT"))
                .isEqualTo(Instant.parse("1997-11-24T14:22:01Z").toEpochMilli());
    }

    @Test
    void usZoneNamesKeepTheirOffsetWhereMime4jReadThemAsUtc() {
        // RFC 5322 §4.3: EST is -0500; mime4j's lenient parser gave these the offset 0.
        assertThat(DateHeader.parse("Mon, 24 Nov 1997 14:22:01 EST"))
                .isEqualTo(DateHeader.lenient("Mon, 24 Nov 1997 14:22:01 +0000") + 5 * 3_600_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"21 Nov 97 09:55:06 GMT", "Fri, 21 Nov 1997 09:55:06 Z", "Sat, 21 Nov 1997 09:55:06 +0000",
            "31 Feb 2020 10:00:00 +0000", "garbage", "", "21 Nov 1997 24:00:00 +0000", "21 Nov 1997 09:55:06 +0000 trailing",
            "21 Nov 1997 09:55:06 (unclosed", "21 Nov 1997 09:55:60 +0000"})
    void formsOutsideTheFastPathAreHandedToMime4j(String value) {
        assertThat(DateHeader.fast(value)).isNull();
        assertThat(DateHeader.parse(value)).isEqualTo(DateHeader.lenient(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Fri, 21 Nov 1997 09:55:06 -0600", "Tue, 1 Jul 2003 10:52:37 +0200",
            "Thu, 13 Feb 1969 23:32:54 -0330", "1 Jan 2026 00:00:00 +0000", "Thu, 26 Nov 2026 23:40:00 +0100 (CET)",
            "Mon, 24 Nov 1997 14:22:01 GMT", "Mon, 24 Nov 1997 14:22:01 UT", "mon, 24 nov 1997 14:22:01 -0000",
            "Sun, 29 Feb 2004 12:00:00 +1400"})
    void fastPathAgreesWithMime4jWhereBothReadTheValue(String value) {
        Long fast = DateHeader.fast(value);
        Long lenient = DateHeader.lenient(value);
        assertThat(fast).isNotNull();
        if (lenient != null) {
            assertThat(fast).isEqualTo(lenient);
        }
    }
}
