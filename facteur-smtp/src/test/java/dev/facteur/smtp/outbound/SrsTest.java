package dev.facteur.smtp.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.core.mail.EmailAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SrsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final byte[] key = "a secret of at least sixteen bytes".getBytes(StandardCharsets.US_ASCII);
    private final Srs forwarder = new Srs(List.of(key), "fwd.test", clock, 21);

    @Test
    void srs0RewritesIntoOurDomainAndReversesToTheOriginalSender() {
        String rewritten = forwarder.forward(EmailAddress.parse("alice@origin.test"));
        assertThat(rewritten).matches("SRS0=[A-Za-z0-9+/]{4}=[A-Z2-7]{2}=origin\\.test=alice@fwd\\.test");
        assertThat(forwarder.reverse(EmailAddress.parse(rewritten))).isEqualTo(new Srs.Reversed.Valid("alice@origin.test"));
    }

    @Test
    void hashIsCheckedCaseInsensitively() {
        String rewritten = forwarder.forward(EmailAddress.parse("alice@origin.test"));
        String local = rewritten.substring(0, rewritten.indexOf('@')).toLowerCase(java.util.Locale.ROOT);
        assertThat(forwarder.reverse(EmailAddress.parse(local + "@fwd.test"))).isInstanceOf(Srs.Reversed.Valid.class);
    }

    @Test
    void forgedHashIsRefused() {
        String rewritten = forwarder.forward(EmailAddress.parse("alice@origin.test"));
        String forged = rewritten.replace("=origin.test=alice", "=victim.test=alice");
        assertThat(forwarder.reverse(EmailAddress.parse(forged))).isInstanceOf(Srs.Reversed.Invalid.class);
        assertThat(forwarder.reverse(EmailAddress.parse("SRS0=abcd=AA=victim.test=bob@fwd.test")))
                .isInstanceOf(Srs.Reversed.Invalid.class);
    }

    @Test
    void addressSignedWithAnotherKeyIsRefusedButOldKeysStillVerify() {
        Srs other = new Srs(List.of("another secret, also long enough".getBytes()), "fwd.test", clock, 21);
        String byOther = other.forward(EmailAddress.parse("alice@origin.test"));
        assertThat(forwarder.reverse(EmailAddress.parse(byOther))).isInstanceOf(Srs.Reversed.Invalid.class);
        Srs rotated = new Srs(List.of("a brand new key for this year".getBytes(), "another secret, also long enough".getBytes()),
                "fwd.test", clock, 21);
        assertThat(rotated.reverse(EmailAddress.parse(byOther))).isInstanceOf(Srs.Reversed.Valid.class);
    }

    @Test
    void expiredAddressIsRefused() {
        String rewritten = forwarder.forward(EmailAddress.parse("alice@origin.test"));
        clock.advance(Duration.ofDays(22));
        assertThat(forwarder.reverse(EmailAddress.parse(rewritten)))
                .isEqualTo(new Srs.Reversed.Invalid("SRS address has expired"));
    }

    @Test
    void secondForwarderMakesSrs1ThatReversesToTheFirstForwarder() {
        String first = forwarder.forward(EmailAddress.parse("alice@origin.test"));
        Srs second = new Srs(List.of("the second hop's own secret key".getBytes()), "hop2.test", clock, 21);
        String twice = second.forward(EmailAddress.parse(first));
        assertThat(twice).startsWith("SRS1=").contains("=fwd.test==").endsWith("@hop2.test");
        Srs.Reversed back = second.reverse(EmailAddress.parse(twice));
        assertThat(back).isEqualTo(new Srs.Reversed.Valid(first));
        assertThat(forwarder.reverse(EmailAddress.parse(((Srs.Reversed.Valid) back).address())))
                .isEqualTo(new Srs.Reversed.Valid("alice@origin.test"));
    }

    @Test
    void ordinaryAddressesAreNotSrs() {
        assertThat(forwarder.reverse(EmailAddress.parse("bob@fwd.test"))).isInstanceOf(Srs.Reversed.NotSrs.class);
        assertThat(forwarder.reverse(EmailAddress.parse("SRS0=x=y=z=w@elsewhere.test"))).isInstanceOf(Srs.Reversed.NotSrs.class);
    }
}
