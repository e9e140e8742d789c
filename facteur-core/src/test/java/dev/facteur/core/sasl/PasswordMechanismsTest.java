package dev.facteur.core.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordMechanismsTest {
    private final SaslAuthenticator auth = new SaslAuthenticator(
            SaslTestSupport.users(Map.of("alice@example.com", "pw1", "bob@example.com", "pw2"), "bob@example.com"),
            SaslTestSupport.FAST, Optional.empty());

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void plainWithTheRightPasswordSucceeds() {
        SaslStep s = auth.start("plain").orElseThrow().start(Optional.of(b("\0alice@example.com\0pw1")));
        assertThat(s).isEqualTo(new SaslStep.Success("alice@example.com"));
    }

    @Test
    void plainWithAWrongPasswordOrUnknownUserFailsTheSameWay() {
        assertThat(auth.start("PLAIN").orElseThrow().start(Optional.of(b("\0alice@example.com\0nope"))))
                .isEqualTo(new SaslStep.Failure(SaslStep.Reason.INVALID_CREDENTIALS));
        assertThat(auth.start("PLAIN").orElseThrow().start(Optional.of(b("\0mallory@example.com\0pw1"))))
                .isEqualTo(new SaslStep.Failure(SaslStep.Reason.INVALID_CREDENTIALS));
    }

    @Test
    void plainActingAsAnotherUserIsRefused() {
        assertThat(auth.start("PLAIN").orElseThrow().start(Optional.of(b("bob@example.com\0alice@example.com\0pw1"))))
                .isInstanceOf(SaslStep.Failure.class);
    }

    @Test
    void plainWithoutInitialResponseSendsAnEmptyChallengeFirst() {
        SaslExchange x = auth.start("PLAIN").orElseThrow();
        assertThat(x.start(Optional.empty())).isInstanceOfSatisfying(SaslStep.Challenge.class,
                c -> assertThat(c.data()).isEmpty());
        assertThat(x.next(b("\0alice@example.com\0pw1"))).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void plainWithMissingSeparatorsIsMalformed() {
        assertThat(auth.start("PLAIN").orElseThrow().start(Optional.of(b("alice pw1"))))
                .isEqualTo(new SaslStep.Failure(SaslStep.Reason.MALFORMED));
    }

    @Test
    void aDisabledAccountIsRefusedEvenWithTheRightPassword() {
        assertThat(auth.start("PLAIN").orElseThrow().start(Optional.of(b("\0bob@example.com\0pw2"))))
                .isEqualTo(new SaslStep.Failure(SaslStep.Reason.ACCOUNT_DISABLED));
    }

    @Test
    void loginPromptsForUserThenPassword() {
        SaslExchange x = auth.start("LOGIN").orElseThrow();
        assertThat(((SaslStep.Challenge) x.start(Optional.empty())).data()).isEqualTo(b("Username:"));
        assertThat(((SaslStep.Challenge) x.next(b("alice@example.com"))).data()).isEqualTo(b("Password:"));
        assertThat(x.next(b("pw1"))).isEqualTo(new SaslStep.Success("alice@example.com"));
    }

    @Test
    void unknownMechanismsAndOAuthWithoutConfigurationAreNotOffered() {
        assertThat(auth.start("CRAM-MD5")).isEmpty();
        assertThat(auth.start("XOAUTH2")).isEmpty();
        assertThat(auth.mechanisms()).containsExactly("SCRAM-SHA-256", "PLAIN", "LOGIN");
    }
}
