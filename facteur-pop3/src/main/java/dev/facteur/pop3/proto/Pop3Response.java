package dev.facteur.pop3.proto;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything a POP3 server sends after its greeting: a status line, a status line with a
 * multi-line body, a SASL continuation, or a message (RETR, TOP) streamed from storage.
 */
public sealed interface Pop3Response {

    /** A single-line reply: {@code +OK text} or {@code -ERR [CODE] text} (RFC 1939 §3, RFC 2449 §8). */
    record Status(boolean ok, Optional<ResponseCode> code, String text) implements Pop3Response {
        public Status {
            requireLineSafe(text);
            if (ok && code.isPresent()) {
                // RFC 2449 §8: response codes qualify -ERR (and the AUTH success line, not used here).
                throw new IllegalArgumentException("response codes go with -ERR");
            }
        }

        public static Status ok(String text) {
            return new Status(true, Optional.empty(), text);
        }

        public static Status err(String text) {
            return new Status(false, Optional.empty(), text);
        }

        public static Status err(ResponseCode code, String text) {
            return new Status(false, Optional.of(code), text);
        }
    }

    /** A status line followed by lines and the terminating {@code .} (RFC 1939 §3). */
    record MultiLine(Status status, List<String> lines) implements Pop3Response {
        public MultiLine {
            if (!status.ok()) {
                throw new IllegalArgumentException("only +OK replies have a multi-line body");
            }
            lines = List.copyOf(lines);
            lines.forEach(Pop3Response::requireLineSafe);
        }
    }

    /** RFC 5034 §4: {@code + base64} asks the client for its next SASL response. */
    record Continuation(String base64) implements Pop3Response {
        public Continuation {
            for (int i = 0; i < base64.length(); i++) {
                char c = base64.charAt(i);
                if (!(Character.isLetterOrDigit(c) && c < 0x80 || c == '+' || c == '/' || c == '=')) {
                    throw new IllegalArgumentException("a continuation carries base64 only");
                }
            }
        }
    }

    /**
     * A message for RETR (every line) or TOP (headers, blank line, then at most
     * {@code bodyLines} lines), byte-stuffed and terminated on the way out.
     */
    record Message(Status status, Content content, OptionalInt bodyLines) implements Pop3Response {
        public Message {
            if (!status.ok()) {
                throw new IllegalArgumentException("a message goes with +OK");
            }
        }
    }

    /** Where a message's octets come from; opened only when the reply is written. */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }

    private static void requireLineSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("CR, LF and NUL may not appear in a reply line");
            }
        }
    }
}
