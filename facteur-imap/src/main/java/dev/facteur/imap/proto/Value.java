package dev.facteur.imap.proto;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A value in an untagged response (RFC 9051 §9 response-data). */
public sealed interface Value {

    /** Text written as is (atoms, flags, FETCH item names); refuses CR and LF. */
    record Atom(String text) implements Value {
        public Atom {
            ResponseWriter.checkText(text);
        }
    }

    record Num(long value) implements Value {}

    record Nil() implements Value {}

    /** A string, written quoted when it can be and as a literal otherwise. */
    record Str(String text) implements Value {}

    /** Octets, always written as a literal (or a literal8 {@code ~{n}} when {@code binary}, RFC 3516). */
    record Literal(byte[] bytes, int offset, int length, boolean binary) implements Value {
        public Literal {
            if (offset < 0 || length < 0 || offset + length > bytes.length) {
                throw new IllegalArgumentException("literal range outside its array");
            }
        }

        public static Literal of(byte[] bytes) {
            return new Literal(bytes, 0, bytes.length, false);
        }
    }

    record ListOf(List<Value> items) implements Value {
        public ListOf {
            items = List.copyOf(items);
        }
    }

    Nil NIL = new Nil();

    static Value atom(String text) {
        return new Atom(text);
    }

    static Value num(long n) {
        return new Num(n);
    }

    static Value str(String text) {
        return new Str(text);
    }

    /** NIL for null, else a string. */
    static Value nstr(@org.jspecify.annotations.Nullable String text) {
        return text == null ? NIL : new Str(text);
    }

    static Value list(List<Value> items) {
        return new ListOf(items);
    }

    static Value list(Value... items) {
        return new ListOf(List.of(items));
    }

    static Value bytes(String ascii) {
        return Literal.of(ascii.getBytes(StandardCharsets.UTF_8));
    }
}
