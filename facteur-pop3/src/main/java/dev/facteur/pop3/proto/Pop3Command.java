package dev.facteur.pop3.proto;

import java.util.Optional;
import java.util.OptionalInt;

/** A parsed POP3 command (RFC 1939 §§4-7, RFC 2449 §5, RFC 2595 §4, RFC 5034 §4). */
public sealed interface Pop3Command {

    /** The command keyword in upper case, for logs and the state table. */
    String keyword();

    /** RFC 1939 §7 USER name. */
    record User(String name) implements Pop3Command {
        public User {
            requireArgument(name);
        }

        @Override
        public String keyword() {
            return "USER";
        }
    }

    /** RFC 1939 §7 PASS string; the password may contain spaces. */
    record Pass(String password) implements Pop3Command {
        @Override
        public String keyword() {
            return "PASS";
        }

        @Override
        public String toString() {
            return "Pass[***]"; // never log a password
        }
    }

    /** RFC 1939 §7 APOP name digest; the digest is 32 lower-case hex digits. */
    record Apop(String name, String digest) implements Pop3Command {
        public Apop {
            requireArgument(name);
            if (!digest.matches("[0-9a-f]{32}")) {
                throw new IllegalArgumentException("an APOP digest is 32 lower-case hex digits");
            }
        }

        @Override
        public String keyword() {
            return "APOP";
        }

        @Override
        public String toString() {
            return "Apop[" + name + ", ***]";
        }
    }

    /**
     * RFC 5034 §4 AUTH mechanism [initial-response]. An empty mechanism is the bare {@code AUTH}
     * that some clients send to list the mechanisms (the RFC 1734 era form).
     */
    record Auth(Optional<String> mechanism, Optional<String> initialResponse) implements Pop3Command {
        @Override
        public String keyword() {
            return "AUTH";
        }

        @Override
        public String toString() {
            return "Auth[" + mechanism.orElse("") + (initialResponse.isPresent() ? ", ***" : "") + "]";
        }
    }

    /** RFC 2595 §4 STLS. */
    record Stls() implements Pop3Command {
        @Override
        public String keyword() {
            return "STLS";
        }
    }

    /** RFC 2449 §5 CAPA. */
    record Capa() implements Pop3Command {
        @Override
        public String keyword() {
            return "CAPA";
        }
    }

    /** RFC 1939 §5 STAT. */
    record Stat() implements Pop3Command {
        @Override
        public String keyword() {
            return "STAT";
        }
    }

    /** RFC 1939 §5 LIST [msg]. */
    record ListMessages(OptionalInt message) implements Pop3Command {
        @Override
        public String keyword() {
            return "LIST";
        }
    }

    /** RFC 1939 §5 RETR msg. */
    record Retr(int message) implements Pop3Command {
        @Override
        public String keyword() {
            return "RETR";
        }
    }

    /** RFC 1939 §5 DELE msg. */
    record Dele(int message) implements Pop3Command {
        @Override
        public String keyword() {
            return "DELE";
        }
    }

    /** RFC 1939 §5 NOOP. */
    record Noop() implements Pop3Command {
        @Override
        public String keyword() {
            return "NOOP";
        }
    }

    /** RFC 1939 §5 RSET. */
    record Rset() implements Pop3Command {
        @Override
        public String keyword() {
            return "RSET";
        }
    }

    /** RFC 1939 §§4, 6 QUIT. */
    record Quit() implements Pop3Command {
        @Override
        public String keyword() {
            return "QUIT";
        }
    }

    /** RFC 1939 §7 TOP msg n: the headers, the blank line and the first {@code lines} body lines. */
    record Top(int message, int lines) implements Pop3Command {
        public Top {
            if (lines < 0) {
                throw new IllegalArgumentException("TOP line count must be non-negative");
            }
        }

        @Override
        public String keyword() {
            return "TOP";
        }
    }

    /** RFC 1939 §7 UIDL [msg]. */
    record Uidl(OptionalInt message) implements Pop3Command {
        @Override
        public String keyword() {
            return "UIDL";
        }
    }

    private static void requireArgument(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty argument");
        }
    }
}
