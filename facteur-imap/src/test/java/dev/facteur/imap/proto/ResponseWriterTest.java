package dev.facteur.imap.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResponseWriterTest {

    private static String write(ImapResponse... rs) {
        ResponseWriter w = new ResponseWriter();
        for (ImapResponse r : rs) {
            w.write(r);
        }
        return new String(w.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void writesTaggedUntaggedAndContinuation() {
        assertThat(write(ImapResponse.ok("a1", "UIDNEXT 4", "done"), ImapResponse.data(Value.num(3), Value.atom("EXISTS")),
                new ImapResponse.Continuation("go")))
                .isEqualTo("a1 OK [UIDNEXT 4] done\r\n* 3 EXISTS\r\n+ go\r\n");
    }

    @Test
    void stringsAreQuotedOrSentAsLiterals() {
        assertThat(write(ImapResponse.data(Value.list(Value.str("a \"b\""), Value.NIL, Value.str("x\r\ny"), Value.str("é")))))
                .isEqualTo("* (\"a \\\"b\\\"\" NIL {4}\r\nx\r\ny {2}\r\né)\r\n");
    }

    @Test
    void utf8IsQuotedOnceEnabled() {
        ResponseWriter w = new ResponseWriter();
        w.allowUtf8Quoted(true);
        w.write(ImapResponse.data(Value.str("é")));
        assertThat(new String(w.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("* \"é\"\r\n");
    }

    @Test
    void responseTextCannotCarryLineBreaks() {
        assertThatThrownBy(() -> new ImapResponse.Tagged("a", ImapResponse.Status.OK, Optional.empty(), "x\r\n* BYE"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void literalMarkerIsFoundOnlyAtTheEndOfALine() {
        byte[] line = "a APPEND INBOX {310+}".getBytes(StandardCharsets.US_ASCII);
        assertThat(LiteralMarker.at(line, line.length)).contains(new LiteralMarker(310, true));
        byte[] none = "a LOGIN {x}".getBytes(StandardCharsets.US_ASCII);
        assertThat(LiteralMarker.at(none, none.length)).isEmpty();
    }

    @Test
    void mailboxNamesRoundTripThroughModifiedUtf7() {
        String name = "Entwürfe & 日本語";
        String wire = MailboxNames.encodeUtf7(name);
        assertThat(wire).isEqualTo("Entw&APw-rfe &- &ZeVnLIqe-");
        assertThat(MailboxNames.decodeUtf7(wire)).contains(name);
        assertThat(MailboxNames.decodeUtf7("bad&")).isEmpty();
    }
}
