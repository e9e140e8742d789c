package dev.facteur.core.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HeaderField#named} finds exactly the fields that parsing the whole header and filtering finds. */
class HeaderFieldNamedTest {

    private static final List<String> NAMES = List.of("Subject", "SUBJECT", "X-Tag", "From", "Subj", "Subject2",
            "x-ünicode", "Two words", "");

    @ParameterizedTest
    @ValueSource(strings = {
        "Subject: a\r\nX-Tag: one\r\nx-tag: two\r\n\r\n",
        "Subject: folded\r\n on two\r\n\tlines\r\nFrom: x@y\r\n\r\n",
        " continuation first\r\nSubject: after it\r\n\r\n",
        "Subject : space before the colon\r\nSubject:second\r\n\r\n",
        "\rSubject: leading CR\r\n\u000bX-Tag: leading VT\r\n\r\n",
        "Subject2: longer name\r\nSubj: shorter\r\nSubject\r\nno colon\r\n\r\n",
        "Subject: bare LF\nX-Tag: x\n\n",
        "Subject: no end of line",
        "Subject: caf\u00e9 in UTF-8\r\nX-\u00fcnicode: v\r\n\r\n",
        "",
        "\r\n",
    })
    void findsTheSameFieldsAsTheWholeParse(String header) {
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        for (String name : NAMES) {
            assertThat(HeaderField.named(head, 0, head.length, name)).as(name).isEqualTo(whole(head, head.length, name));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 499, 500, 501, 999, 1000, 1001, 1200})
    void aHeaderWithManyFieldsStillGivesWhatTheWholeParseKeeps(int before) {
        String header = "X-Filler: f\r\n".repeat(before) + "Subject: late\r\nX-Filler: g\r\n\r\n";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        assertThat(HeaderField.named(head, 0, head.length, "Subject")).isEqualTo(whole(head, head.length, "Subject"));
        assertThat(HeaderField.named(head, 0, head.length, "X-Filler")).isEqualTo(whole(head, head.length, "X-Filler"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 12, 20})
    void onlyTheHeaderBlockBeforeTheEndIsSearched(int end) {
        byte[] head = "Subject: a\r\nX-Tag: b\r\n\r\nSubject: body\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(HeaderField.named(head, 0, end, "Subject")).isEqualTo(whole(head, end, "Subject"));
    }

    private static List<HeaderField> whole(byte[] head, int end, String name) {
        return HeaderField.parse(head, 0, end).stream().filter(f -> f.name().equalsIgnoreCase(name)).toList();
    }
}
