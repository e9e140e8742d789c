package dev.facteur.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EmailAddressTest {
    @Test
    void parsesDotAtomAndKeepsLocalPartCase() {
        EmailAddress a = EmailAddress.parse("Alice.Smith+tag@Example.COM");
        assertThat(a.localPart()).isEqualTo("Alice.Smith+tag");
        assertThat(a.domain().name()).isEqualTo("example.com");
        assertThat(a.canonical()).isEqualTo("alice.smith+tag@example.com");
    }

    @Test
    void quotedLocalPartRoundTrips() {
        EmailAddress a = EmailAddress.parse("\"john doe\"@example.com");
        assertThat(a.localPart()).isEqualTo("john doe");
        assertThat(a).hasToString("\"john doe\"@example.com");
    }

    @Test
    void internationalisedAddressesAreKept() {
        EmailAddress a = EmailAddress.parse("用户@例子.广告");
        assertThat(a.localPart()).isEqualTo("用户");
        assertThat(a.domain().name()).isEqualTo("xn--fsqu00a.xn--4rr70v");
        assertThat(a.domain().unicode()).isEqualTo("例子.广告");
        assertThat(a.needsUtf8()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@example.com", "a@", "a..b@example.com", ".a@example.com", "a.@example.com",
            "a b@example.com", "a@[127.0.0.1]", "a@-bad.com", "a@b@c.com", "a@exa mple.com",
            "\"unterminated@example.com", "a\u0000b@example.com",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com"})
    void rejectsInvalid(String text) {
        assertThatThrownBy(() -> EmailAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void domainWithinChecksLabelBoundaries() {
        assertThat(Domain.of("mail.example.com").isWithin(Domain.of("example.com"))).isTrue();
        assertThat(Domain.of("badexample.com").isWithin(Domain.of("example.com"))).isFalse();
    }
}
