package dev.facteur.smtp.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MtaStsPolicyTest {

    @Test
    void wellFormedPolicyParsesWithEveryMx() {
        MtaStsPolicy p = MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\n"
                + "max_age: 604800\nextension: ignored\n").orElseThrow();
        assertThat(p.mode()).isEqualTo(MtaStsPolicy.Mode.ENFORCE);
        assertThat(p.mx()).containsExactly("mail.example.com", "*.example.net");
        assertThat(p.maxAge()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void wildcardCoversExactlyOneLabel() {
        MtaStsPolicy p = MtaStsPolicy.parse("version: STSv1\r\nmode: testing\r\nmx: *.example.net\r\nmax_age: 60\r\n").orElseThrow();
        assertThat(p.allows("mx1.example.net")).isTrue();
        assertThat(p.allows("MX1.Example.Net.")).isTrue();
        assertThat(p.allows("a.b.example.net")).isFalse();
        assertThat(p.allows("example.net")).isFalse();
    }

    @Test
    void invalidPoliciesAreRejected() {
        assertThat(MtaStsPolicy.parse("version: STSv2\nmode: enforce\nmx: a.b\nmax_age: 1\n")).isEmpty();
        assertThat(MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmax_age: 1\n")).as("no mx").isEmpty();
        assertThat(MtaStsPolicy.parse("version: STSv1\nmode: strict\nmx: a.b\nmax_age: 1\n")).isEmpty();
        assertThat(MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmx: a.b\nmax_age: 99999999999\n")).isEmpty();
        assertThat(MtaStsPolicy.parse("<html>not a policy</html>")).isEmpty();
    }

    @Test
    void modeNoneNeedsNoMx() {
        assertThat(MtaStsPolicy.parse("version: STSv1\nmode: none\nmax_age: 86400\n")).get()
                .extracting(MtaStsPolicy::mode).isEqualTo(MtaStsPolicy.Mode.NONE);
    }
}
