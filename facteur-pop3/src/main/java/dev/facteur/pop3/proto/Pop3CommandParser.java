package dev.facteur.pop3.proto;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Parses one command line (without its CRLF) into a {@link Pop3Command}. A hand-written
 * cursor: {@code accept} returns whether it matched, {@code expect} throws
 * {@link Pop3SyntaxException} with the position.
 */
public final class Pop3CommandParser {
    /** RFC 2449 §4: a keyword is 3 or 4 printable characters. */
    private static final int MAX_KEYWORD = 4;
    /** RFC 2449 §4: an argument is at most 40 characters (PASS and AUTH excepted, see below). */
    private static final int MAX_ARGUMENT = 40;
    /** A message number fits in an int; ten digits is more than any maildrop holds. */
    private static final int MAX_NUMBER_DIGITS = 10;

    private final String line;
    private int pos;

    private Pop3CommandParser(String line) {
        this.line = line;
    }

    /** Parses a line decoded as UTF-8; control characters other than SP are refused. */
    public static Pop3Command parse(byte[] line) throws Pop3SyntaxException {
        for (int i = 0; i < line.length; i++) {
            int b = line[i] & 0xff;
            if (b < 0x20 || b == 0x7f) {
                throw new Pop3SyntaxException(i, "control character in command", false);
            }
        }
        return parse(new String(line, StandardCharsets.UTF_8));
    }

    public static Pop3Command parse(String line) throws Pop3SyntaxException {
        return new Pop3CommandParser(line).command();
    }

    private Pop3Command command() throws Pop3SyntaxException {
        String keyword = keyword();
        Pop3Command command = switch (keyword) {
            case "USER" -> new Pop3Command.User(argument("user name"));
            case "PASS" -> new Pop3Command.Pass(rest()); // RFC 1939 §7: spaces may be part of the password
            case "APOP" -> apop();
            case "AUTH" -> auth();
            case "STLS" -> new Pop3Command.Stls();
            case "CAPA" -> new Pop3Command.Capa();
            case "STAT" -> new Pop3Command.Stat();
            case "LIST" -> new Pop3Command.ListMessages(optionalNumber());
            case "RETR" -> new Pop3Command.Retr(number());
            case "DELE" -> new Pop3Command.Dele(number());
            case "NOOP" -> new Pop3Command.Noop();
            case "RSET" -> new Pop3Command.Rset();
            case "QUIT" -> new Pop3Command.Quit();
            case "TOP" -> top();
            case "UIDL" -> new Pop3Command.Uidl(optionalNumber());
            default -> throw new Pop3SyntaxException(0, "unknown command", true);
        };
        if (pos != line.length()) {
            throw new Pop3SyntaxException(pos, "unexpected argument", false);
        }
        return command;
    }

    private String keyword() throws Pop3SyntaxException {
        int start = pos;
        while (pos < line.length() && line.charAt(pos) != ' ') {
            pos++;
        }
        if (pos - start < 3 || pos - start > MAX_KEYWORD) {
            throw new Pop3SyntaxException(start, "unknown command", true);
        }
        return line.substring(start, pos).toUpperCase(Locale.ROOT); // RFC 1939 §3: keywords are case-insensitive
    }

    private Pop3Command apop() throws Pop3SyntaxException {
        String name = argument("user name");
        int at = pos;
        String digest = argument("digest");
        // RFC 1939 §7: the digest is 16 octets in hexadecimal; lower-case per the RFC's own example
        String lower = digest.toLowerCase(Locale.ROOT);
        if (!lower.matches("[0-9a-f]{32}")) {
            throw new Pop3SyntaxException(at, "the digest is 32 hexadecimal digits", false);
        }
        return new Pop3Command.Apop(name, lower);
    }

    private Pop3Command auth() throws Pop3SyntaxException {
        if (!accept(' ')) {
            return new Pop3Command.Auth(Optional.empty(), Optional.empty());
        }
        String mechanism = token("mechanism", 20); // RFC 4422 §3.1: mechanism names are 1-20 characters
        Optional<String> initial = Optional.empty();
        if (accept(' ')) {
            // RFC 5034 §4: initial-response is base64 or "=" for an empty one. Its length is the
            // line limit's business, not the 40-character argument limit.
            initial = Optional.of(token("initial response", Integer.MAX_VALUE));
        }
        return new Pop3Command.Auth(Optional.of(mechanism.toUpperCase(Locale.ROOT)), initial);
    }

    private Pop3Command top() throws Pop3SyntaxException {
        int message = number();
        expect(' ', "line count");
        return new Pop3Command.Top(message, digits("line count"));
    }

    private OptionalInt optionalNumber() throws Pop3SyntaxException {
        return accept(' ') ? OptionalInt.of(digits("message number")) : OptionalInt.empty();
    }

    private int number() throws Pop3SyntaxException {
        expect(' ', "message number");
        return digits("message number");
    }

    private int digits(String what) throws Pop3SyntaxException {
        int start = pos;
        while (pos < line.length() && line.charAt(pos) >= '0' && line.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == start || pos - start > MAX_NUMBER_DIGITS) {
            throw new Pop3SyntaxException(start, "invalid " + what, false);
        }
        long value = Long.parseLong(line, start, pos, 10);
        if (value > Integer.MAX_VALUE) {
            throw new Pop3SyntaxException(start, "invalid " + what, false);
        }
        return (int) value;
    }

    private String argument(String what) throws Pop3SyntaxException {
        expect(' ', what);
        return token(what, MAX_ARGUMENT);
    }

    private String token(String what, int maxLength) throws Pop3SyntaxException {
        int start = pos;
        while (pos < line.length() && line.charAt(pos) != ' ') {
            pos++;
        }
        if (pos == start || pos - start > maxLength) {
            throw new Pop3SyntaxException(start, "invalid " + what, false);
        }
        return line.substring(start, pos);
    }

    private String rest() throws Pop3SyntaxException {
        expect(' ', "password");
        String value = line.substring(pos);
        pos = line.length();
        if (value.isEmpty()) {
            throw new Pop3SyntaxException(pos, "missing password", false);
        }
        return value;
    }

    private boolean accept(char c) {
        if (pos < line.length() && line.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c, String what) throws Pop3SyntaxException {
        if (!accept(c)) {
            throw new Pop3SyntaxException(pos, "missing " + what, false);
        }
    }
}
