package dev.facteur.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceHeadersTest {
    private static final DateTimeFormatter RFC5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T23:40:00Z", "1970-01-01T00:00:00Z", "2000-02-29T09:05:07.999Z",
            "2024-12-31T23:59:59Z", "0999-03-01T01:02:03Z", "2038-01-19T03:14:08Z"})
    void receivedDateIsWhatTheRfc5322PatternGives(String instant) {
        Instant t = Instant.parse(instant);
        StringBuilder b = new StringBuilder();
        TraceHeaders.appendDate(b, t);
        assertThat(b.toString()).isEqualTo(RFC5322.format(t));
    }
}
