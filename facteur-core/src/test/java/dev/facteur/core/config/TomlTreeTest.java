package dev.facteur.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import org.junit.jupiter.api.Test;

class TomlTreeTest {
    private static final String DOCUMENT = """
            # every kind of TOML value the configuration might hold
            hostname = "mx.example.org"
            escaped = "tab\\there \\u00e9"
            literal = 'C:\\path'
            multi = \"\"\"
            two
            lines\"\"\"
            small = 42
            negative = -7
            big = 9_000_000_000
            huge = 18446744073709551616
            hex = 0xff
            ratio = 0.25
            yes = true
            no = false
            when = 1979-05-27T07:32:00Z
            day = 1979-05-27
            empty = []
            mixed = [1, 2, 3]
            nested = [[1, 2], ["a"]]
            inline = { host = "smtp.example.net", port = 587 }

            [listeners]
            smtp = "0.0.0.0:25"

            [delivery.routes."example.com"]
            host = "relay.example.com"

            [[accounts]]
            name = "a"

            [[accounts]]
            name = "b"
            tags = ["x", "y"]
            """;

    @Test
    void givesTheSameTreeAsTomlMapper() throws Exception {
        var expected = new TomlMapper().readTree(DOCUMENT);
        var actual = TomlTree.read(DOCUMENT);
        expected.properties().forEach(e -> assertThat(actual.get(e.getKey()).getClass()).as(e.getKey())
                .isEqualTo(e.getValue().getClass()));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void anEmptyDocumentIsAnEmptyTable() throws Exception {
        assertThat(TomlTree.read("")).isEmpty();
        assertThat(TomlTree.read("# only a comment\n")).isEmpty();
    }

    @Test
    void aSyntaxErrorCarriesItsLine() {
        assertThatThrownBy(() -> TomlTree.read("a = 1\nb = \n"))
                .isInstanceOf(JsonProcessingException.class)
                .satisfies(e -> assertThat(((JsonProcessingException) e).getLocation().getLineNr()).isEqualTo(2));
    }

    @Test
    void aDuplicateKeyIsRefused() {
        assertThatThrownBy(() -> TomlTree.read("a = 1\na = 2\n")).isInstanceOf(JsonProcessingException.class);
    }
}
