package dev.facteur.auth.dmarc.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReportUriTest {

    @Test
    void sizeLimitsAreReadInPowersOfTwo() {
        assertThat(ReportUri.fromRecord("v=DMARC1; p=none; rua=mailto:a@x.test!10m, mailto:b@y.test!500,mailto:c@z.test", "rua"))
                .containsExactly(new ReportUri("a@x.test", OptionalLong.of(10L << 20)),
                        new ReportUri("b@y.test", OptionalLong.of(500)), new ReportUri("c@z.test", OptionalLong.empty()));
    }

    @Test
    void otherSchemesAndMalformedSizesAreIgnored() {
        assertThat(ReportUri.fromRecord("v=DMARC1; p=none; rua=https://x.test/r, mailto:a@x.test!lots, mailto:b@x.test!1k",
                "rua")).containsExactly(new ReportUri("b@x.test", OptionalLong.of(1024)));
        assertThat(ReportUri.fromRecord("v=DMARC1; p=none", "rua")).isEmpty();
    }

    @Test
    void aReportLargerThanTheLimitIsRefused() {
        ReportUri u = ReportUri.fromRecord("v=DMARC1; ruf=mailto:f@x.test!2k", "ruf").getFirst();
        assertThat(u.accepts(2048)).isTrue();
        assertThat(u.accepts(2049)).isFalse();
        assertThat(List.of(u)).extracting(ReportUri::address).containsExactly("f@x.test");
    }
}
