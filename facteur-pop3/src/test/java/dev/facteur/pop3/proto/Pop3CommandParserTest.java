package dev.facteur.pop3.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Pop3CommandParserTest {

    @Test
    void keywordsAreCaseInsensitive() throws Exception {
        assertThat(Pop3CommandParser.parse("stat")).isEqualTo(new Pop3Command.Stat());
        assertThat(Pop3CommandParser.parse("Quit")).isEqualTo(new Pop3Command.Quit());
        assertThat(Pop3CommandParser.parse("capa")).isEqualTo(new Pop3Command.Capa());
        assertThat(Pop3CommandParser.parse("stls")).isEqualTo(new Pop3Command.Stls());
    }

    @Test
    void listAndUidlTakeAnOptionalMessageNumber() throws Exception {
        assertThat(Pop3CommandParser.parse("LIST")).isEqualTo(new Pop3Command.ListMessages(OptionalInt.empty()));
        assertThat(Pop3CommandParser.parse("LIST 7")).isEqualTo(new Pop3Command.ListMessages(OptionalInt.of(7)));
        assertThat(Pop3CommandParser.parse("UIDL")).isEqualTo(new Pop3Command.Uidl(OptionalInt.empty()));
        assertThat(Pop3CommandParser.parse("uidl 12")).isEqualTo(new Pop3Command.Uidl(OptionalInt.of(12)));
    }

    @Test
    void retrDeleAndTopTakeNumbers() throws Exception {
        assertThat(Pop3CommandParser.parse("RETR 1")).isEqualTo(new Pop3Command.Retr(1));
        assertThat(Pop3CommandParser.parse("DELE 2")).isEqualTo(new Pop3Command.Dele(2));
        assertThat(Pop3CommandParser.parse("TOP 3 0")).isEqualTo(new Pop3Command.Top(3, 0));
        assertThat(Pop3CommandParser.parse("RETR 0")).isEqualTo(new Pop3Command.Retr(0));
    }

    @Test
    void passwordKeepsItsSpaces() throws Exception {
        assertThat(Pop3CommandParser.parse("PASS  correct horse ")).isEqualTo(new Pop3Command.Pass(" correct horse "));
        assertThat(new Pop3Command.Pass("secret").toString()).doesNotContain("secret");
    }

    @Test
    void userAndApopAreParsed() throws Exception {
        assertThat(Pop3CommandParser.parse("USER alice@example.com"))
                .isEqualTo(new Pop3Command.User("alice@example.com"));
        assertThat(Pop3CommandParser.parse("APOP mrose C4C9334BAC560ECC979E58001B3E22FB"))
                .isEqualTo(new Pop3Command.Apop("mrose", "c4c9334bac560ecc979e58001b3e22fb"));
    }

    @Test
    void authWithAndWithoutInitialResponse() throws Exception {
        assertThat(Pop3CommandParser.parse("AUTH")).isEqualTo(new Pop3Command.Auth(Optional.empty(), Optional.empty()));
        assertThat(Pop3CommandParser.parse("AUTH plain"))
                .isEqualTo(new Pop3Command.Auth(Optional.of("PLAIN"), Optional.empty()));
        assertThat(Pop3CommandParser.parse("AUTH PLAIN AGFsaWNlAHNlY3JldA=="))
                .isEqualTo(new Pop3Command.Auth(Optional.of("PLAIN"), Optional.of("AGFsaWNlAHNlY3JldA==")));
        assertThat(Pop3CommandParser.parse("AUTH PLAIN =").toString()).doesNotContain("=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"XYZZY", "LISTX", "FO", "", " STAT", "HELO there"})
    void unknownCommandsAreReportedAsSuch(String line) {
        assertThatThrownBy(() -> Pop3CommandParser.parse(line))
                .isInstanceOfSatisfying(Pop3SyntaxException.class, e -> assertThat(e.unknownCommand()).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"RETR", "RETR x", "RETR -1", "RETR 1 2", "LIST  1", "TOP 1", "TOP 1 -2", "STAT now",
            "RETR 99999999999", "RETR 2147483648", "USER", "PASS", "APOP mrose nothex", "DELE 1x",
            "USER aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void badArgumentsAreSyntaxErrors(String line) {
        assertThatThrownBy(() -> Pop3CommandParser.parse(line))
                .isInstanceOfSatisfying(Pop3SyntaxException.class, e -> assertThat(e.unknownCommand()).isFalse());
    }

    @Test
    void controlCharactersAreRefused() {
        byte[] line = "USER a\u0000b".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Pop3CommandParser.parse(line))
                .isInstanceOfSatisfying(Pop3SyntaxException.class, e -> assertThat(e.position()).isEqualTo(6));
        assertThatThrownBy(() -> Pop3CommandParser.parse("NOOP\r".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(Pop3SyntaxException.class);
    }

    @Test
    void largestIntIsAcceptedAsMessageNumber() throws Exception {
        assertThat(Pop3CommandParser.parse("RETR 2147483647")).isEqualTo(new Pop3Command.Retr(Integer.MAX_VALUE));
    }
}
