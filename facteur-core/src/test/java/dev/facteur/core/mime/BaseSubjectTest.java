package dev.facteur.core.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BaseSubjectTest {

    @Test
    void removesReplyAndForwardLeadersBlobsAndTrailers() {
        assertThat(BaseSubject.of("Re: hello")).isEqualTo("hello");
        assertThat(BaseSubject.of("RE: Re: re[2]: hello")).isEqualTo("hello");
        assertThat(BaseSubject.of("Fwd: hello (fwd)")).isEqualTo("hello");
        assertThat(BaseSubject.of("[fwd: hello]")).isEqualTo("hello");
        assertThat(BaseSubject.of("[PATCH] Re: fix")).isEqualTo("fix");
        assertThat(BaseSubject.of("  many   spaces\t here ")).isEqualTo("many spaces here");
    }

    @Test
    void keepsABlobThatIsTheWholeSubject() {
        assertThat(BaseSubject.of("[only]")).isEqualTo("[only]");
        assertThat(BaseSubject.of("Re: [only]")).isEqualTo("[only]");
    }

    @Test
    void keyFoldsOnlyAsciiLetters() {
        assertThat(BaseSubject.key("HeLLo é")).isEqualTo("HELLO é");
    }
}
