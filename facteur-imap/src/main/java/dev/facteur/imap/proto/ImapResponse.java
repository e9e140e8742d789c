package dev.facteur.imap.proto;

import java.util.List;
import java.util.Optional;

/** A server response (RFC 9051 §7): tagged completion, untagged status or data, or a continuation. */
public sealed interface ImapResponse {

    enum Status { OK, NO, BAD, PREAUTH, BYE }

    /**
     * {@code tag OK|NO|BAD [code] text}.
     *
     * @param code a response code without brackets (RFC 9051 §7.1), e.g. {@code UIDNEXT 4}
     */
    record Tagged(String tag, Status status, Optional<String> code, String text) implements ImapResponse {
        public Tagged {
            ResponseWriter.checkText(tag);
            code.ifPresent(ResponseWriter::checkCode);
            ResponseWriter.checkText(text);
        }
    }

    /** {@code * OK|NO|BAD|PREAUTH|BYE [code] text}. */
    record Condition(Status status, Optional<String> code, String text) implements ImapResponse {
        public Condition {
            code.ifPresent(ResponseWriter::checkCode);
            ResponseWriter.checkText(text);
        }
    }

    /** {@code * value value ...}, e.g. {@code * 3 EXISTS} or {@code * 1 FETCH (...)}. */
    record Data(List<Value> values) implements ImapResponse {
        public Data {
            values = List.copyOf(values);
        }
    }

    /** {@code + text} (RFC 9051 §7.5). */
    record Continuation(String text) implements ImapResponse {
        public Continuation {
            ResponseWriter.checkText(text);
        }
    }

    static ImapResponse ok(String tag, String text) {
        return new Tagged(tag, Status.OK, Optional.empty(), text);
    }

    static ImapResponse ok(String tag, String code, String text) {
        return new Tagged(tag, Status.OK, Optional.of(code), text);
    }

    static ImapResponse no(String tag, String text) {
        return new Tagged(tag, Status.NO, Optional.empty(), text);
    }

    static ImapResponse no(String tag, String code, String text) {
        return new Tagged(tag, Status.NO, Optional.of(code), text);
    }

    static ImapResponse bad(String tag, String text) {
        return new Tagged(tag, Status.BAD, Optional.empty(), text);
    }

    static ImapResponse data(Value... values) {
        return new Data(List.of(values));
    }
}
