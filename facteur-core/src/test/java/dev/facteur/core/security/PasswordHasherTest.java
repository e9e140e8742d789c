package dev.facteur.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Parameters(64, 1, 1));

    @Test
    void verifiesTheRightPasswordOnly() {
        String h = hasher.hash("correct horse");
        assertThat(h).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        assertThat(hasher.verify("correct horse", h)).isTrue();
        assertThat(hasher.verify("correct horse!", h)).isFalse();
    }

    @Test
    void saltsEveryHash() {
        assertThat(hasher.hash("x")).isNotEqualTo(hasher.hash("x"));
    }

    @Test
    void malformedStoredHashNeverMatches() {
        assertThat(hasher.verify("x", "")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=a$b$c")).isFalse();
        assertThat(hasher.verify("x", "$argon2i$v=19$m=64,t=1,p=1$AAAA$AAAA")).isFalse();
    }

    @Test
    void weakerParametersNeedRehash() {
        String h = hasher.hash("x");
        assertThat(new PasswordHasher().needsRehash(h)).isTrue();
        assertThat(hasher.needsRehash(h)).isFalse();
    }
}
