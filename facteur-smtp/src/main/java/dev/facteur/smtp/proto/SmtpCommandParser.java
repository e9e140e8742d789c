package dev.facteur.smtp.proto;

import dev.facteur.core.mail.EmailAddress;
import java.util.regex.Pattern;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A hand-written cursor parser for one command line (without CRLF). Pure: no state, no I/O.
 * Verbs and parameter keywords are case-insensitive (RFC 5321 §2.4).
 */
public final class SmtpCommandParser {
    private static final Pattern IDENTITY = Pattern.compile("[A-Za-z0-9._:\\[\\]-]+");
    private static final Pattern SOURCE_ROUTE = Pattern.compile("@[A-Za-z0-9.-]+(,@[A-Za-z0-9.-]+)*");
    private static final Pattern PARAMETER_KEY = Pattern.compile("[A-Z0-9][A-Z0-9-]*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern ADDRESS_TYPE = Pattern.compile("[A-Za-z0-9-]+");
    private static final Pattern MECHANISM = Pattern.compile("[A-Za-z0-9_-]{1,20}");
    private static final Pattern INITIAL_RESPONSE = Pattern.compile("=|[A-Za-z0-9+/]+={0,2}");

    /** RFC 5321 §4.5.3.1.4: command lines, CRLF included. */
    public static final int MAX_COMMAND_LINE = 512;
    /** RFC 3461 §5 and RFC 6531: MAIL and RCPT lines may carry long parameters and UTF-8 paths. */
    public static final int MAX_PATH_COMMAND_LINE = 512 + 500 + 500;
    /** RFC 4954 §4: AUTH lines and continuations may be 12288 octets. */
    public static final int MAX_AUTH_LINE = 12288;

    private final String s;
    private int pos;

    private SmtpCommandParser(String s) {
        this.s = s;
    }

    /** The limit on the whole line (with CRLF) for the command this line starts with. */
    public static int lineLimit(String line) {
        String verb = verbOf(line);
        return switch (verb) {
            case "AUTH" -> MAX_AUTH_LINE;
            case "MAIL", "RCPT" -> MAX_PATH_COMMAND_LINE;
            default -> MAX_COMMAND_LINE;
        };
    }

    private static String verbOf(String line) {
        int sp = line.indexOf(' ');
        return (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
    }

    public static SmtpCommand parse(String line) throws SmtpSyntaxException {
        return new SmtpCommandParser(line).command();
    }

    private SmtpCommand command() throws SmtpSyntaxException {
        String verb = verbOf(s);
        pos = verb.length();
        return switch (verb) {
            case "EHLO" -> new SmtpCommand.Ehlo(identity());
            case "HELO" -> new SmtpCommand.Helo(identity());
            case "MAIL" -> mail();
            case "RCPT" -> rcpt();
            case "DATA" -> noArguments(new SmtpCommand.Data());
            case "BDAT" -> bdat();
            case "RSET" -> noArguments(new SmtpCommand.Rset());
            case "QUIT" -> noArguments(new SmtpCommand.Quit());
            case "STARTTLS" -> noArguments(new SmtpCommand.StartTls());
            // RFC 5321 §4.1.1.9 and §4.1.1.8: NOOP and HELP may carry a string, ignored.
            case "NOOP" -> new SmtpCommand.Noop();
            case "HELP" -> new SmtpCommand.Help();
            case "VRFY" -> new SmtpCommand.Vrfy(rest());
            case "EXPN" -> new SmtpCommand.Expn(rest());
            case "AUTH" -> auth();
            default -> throw new SmtpSyntaxException(Replies.UNKNOWN_COMMAND, 0);
        };
    }

    private SmtpSyntaxException error(SmtpReply reply) {
        return new SmtpSyntaxException(reply, pos);
    }

    private SmtpCommand noArguments(SmtpCommand c) throws SmtpSyntaxException {
        if (pos != s.length()) {
            throw error(Replies.SYNTAX_ERROR);
        }
        return c;
    }

    private String rest() throws SmtpSyntaxException {
        if (!accept(' ') || pos == s.length()) {
            throw error(Replies.SYNTAX_ERROR);
        }
        return s.substring(pos);
    }

    private boolean accept(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean acceptIgnoreCase(String word) {
        if (s.regionMatches(true, pos, word, 0, word.length())) {
            pos += word.length();
            return true;
        }
        return false;
    }

    /** RFC 5321 §4.1.1.1: Domain / address-literal. Kept to characters safe in a Received header. */
    private String identity() throws SmtpSyntaxException {
        if (!accept(' ')) {
            throw error(Replies.SYNTAX_ERROR);
        }
        String id = s.substring(pos).strip();
        // Deviation: some clients append words after the name (RFC 5321 wants one); keep the first.
        int sp = id.indexOf(' ');
        if (sp > 0) {
            id = id.substring(0, sp);
        }
        if (id.isEmpty() || id.length() > 255 || !IDENTITY.matcher(id).matches()) {
            throw error(Replies.SYNTAX_ERROR);
        }
        return id;
    }

    private SmtpCommand mail() throws SmtpSyntaxException {
        if (!acceptIgnoreCase(" FROM:")) {
            throw error(Replies.SYNTAX_ERROR);
        }
        accept(' '); // Deviation: RFC 5321 §4.1.1.2 has no space after the colon; many clients send one.
        int pathStart = pos;
        String path = path(Replies.BAD_SENDER_SYNTAX);
        String rawPath = s.substring(pathStart, pos);
        MailParameters params = mailParameters();
        Optional<EmailAddress> sender = Optional.empty();
        if (!path.isEmpty()) {
            sender = Optional.of(mailbox(path, Replies.BAD_SENDER_SYNTAX));
        }
        // RFC 6531 §3.4: UTF-8 in the envelope only with SMTPUTF8 on this MAIL command.
        if (!params.smtpUtf8() && !isAscii(rawPath)) {
            throw error(Replies.NEED_SMTPUTF8);
        }
        return new SmtpCommand.Mail(sender, params);
    }

    private SmtpCommand rcpt() throws SmtpSyntaxException {
        if (!acceptIgnoreCase(" TO:")) {
            throw error(Replies.SYNTAX_ERROR);
        }
        accept(' '); // Deviation: as for MAIL FROM.
        String path = path(Replies.BAD_RECIPIENT_SYNTAX);
        RcptParameters params = rcptParameters();
        // RFC 5321 §4.1.1.3: <Postmaster> without a domain must be accepted.
        if (path.equalsIgnoreCase("postmaster")) {
            return new SmtpCommand.Rcpt(new ForwardPath.Postmaster(), params);
        }
        if (path.isEmpty()) {
            throw error(Replies.BAD_RECIPIENT_SYNTAX);
        }
        return new SmtpCommand.Rcpt(new ForwardPath.Mailbox(mailbox(path, Replies.BAD_RECIPIENT_SYNTAX)), params);
    }

    /** Reads {@code <...>} and returns its content with any source route dropped. */
    private String path(SmtpReply onError) throws SmtpSyntaxException {
        if (!accept('<')) {
            throw error(onError);
        }
        int start = pos;
        boolean quoted = false;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (quoted && c == '\\') {
                pos += 2;
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                break;
            }
            pos++;
        }
        if (pos >= s.length()) {
            throw error(onError);
        }
        String content = s.substring(start, pos);
        pos++; // '>'
        // RFC 5321 §4.1.2 A-d-l: a source route "@a,@b:" is accepted and ignored (§C).
        if (content.startsWith("@")) {
            int colon = content.indexOf(':');
            if (colon < 0 || !SOURCE_ROUTE.matcher(content.substring(0, colon)).matches()) {
                throw error(onError);
            }
            content = content.substring(colon + 1);
            if (content.isEmpty()) {
                throw error(onError);
            }
        }
        return content;
    }

    private EmailAddress mailbox(String text, SmtpReply onError) throws SmtpSyntaxException {
        int at = text.lastIndexOf('@');
        // Address literals are never hosted here: for RCPT that is a relay attempt.
        if (at > 0 && at + 1 < text.length() && text.charAt(at + 1) == '[') {
            throw error(onError == Replies.BAD_RECIPIENT_SYNTAX ? Replies.RELAY_DENIED : onError);
        }
        try {
            return EmailAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(onError);
        }
    }

    private MailParameters mailParameters() throws SmtpSyntaxException {
        OptionalLong size = OptionalLong.empty();
        MailParameters.Body body = MailParameters.Body.SEVEN_BIT;
        boolean utf8 = false;
        boolean requireTls = false;
        Optional<String> ret = Optional.empty();
        Optional<String> envId = Optional.empty();
        Optional<String> auth = Optional.empty();
        Map<String, String> seen = new HashMap<>();
        while (accept(' ')) {
            String[] kv = parameter(seen);
            String v = kv[1];
            switch (kv[0]) {
                case "SIZE" -> size = OptionalLong.of(number(v, 18)); // RFC 1870 §3
                case "BODY" -> body = switch (v == null ? "" : v.toUpperCase(Locale.ROOT)) {
                    case "7BIT" -> MailParameters.Body.SEVEN_BIT;
                    case "8BITMIME" -> MailParameters.Body.EIGHT_BIT_MIME; // RFC 6152 §2
                    default -> throw error(Replies.UNKNOWN_PARAMETER);
                };
                case "SMTPUTF8" -> utf8 = noValue(v); // RFC 6531 §3.4
                case "REQUIRETLS" -> requireTls = noValue(v); // RFC 8689 §4.1
                case "RET" -> ret = Optional.of(oneOf(v, "FULL", "HDRS")); // RFC 3461 §4.3
                case "ENVID" -> envId = Optional.of(xtext(v, 100)); // RFC 3461 §4.4
                case "AUTH" -> auth = Optional.of(xtext(v, 500)); // RFC 4954 §5
                default -> throw error(Replies.UNKNOWN_PARAMETER);
            }
        }
        if (pos != s.length()) {
            throw error(Replies.SYNTAX_ERROR);
        }
        return new MailParameters(size, body, utf8, ret, envId, requireTls, auth);
    }

    private RcptParameters rcptParameters() throws SmtpSyntaxException {
        Optional<String> notify = Optional.empty();
        Optional<String> orcpt = Optional.empty();
        Map<String, String> seen = new HashMap<>();
        while (accept(' ')) {
            String[] kv = parameter(seen);
            switch (kv[0]) {
                case "NOTIFY" -> notify = Optional.of(notifyValue(kv[1]));
                case "ORCPT" -> orcpt = Optional.of(orcptValue(kv[1]));
                default -> throw error(Replies.UNKNOWN_PARAMETER);
            }
        }
        if (pos != s.length()) {
            throw error(Replies.SYNTAX_ERROR);
        }
        return new RcptParameters(notify, orcpt);
    }

    /** RFC 5321 §4.1.2 esmtp-param = esmtp-keyword ["=" esmtp-value]; returns {KEYWORD, value or null}. */
    private String[] parameter(Map<String, String> seen) throws SmtpSyntaxException {
        int start = pos;
        while (pos < s.length() && s.charAt(pos) != ' ') {
            pos++;
        }
        String p = s.substring(start, pos);
        int eq = p.indexOf('=');
        String key = (eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT);
        String value = eq < 0 ? null : p.substring(eq + 1);
        if (!PARAMETER_KEY.matcher(key).matches() || value != null && value.isEmpty()) {
            throw error(Replies.SYNTAX_ERROR);
        }
        // A parameter given twice with different values is an error. Deviation: an exact repeat is
        // tolerated (Python's smtplib adds SMTPUTF8 even when the caller already passed it).
        String previous = seen.putIfAbsent(key, String.valueOf(value));
        if (previous != null && !previous.equals(String.valueOf(value))) {
            throw error(Replies.SYNTAX_ERROR);
        }
        return new String[] {key, value};
    }

    private boolean noValue(String v) throws SmtpSyntaxException {
        if (v != null) {
            throw error(Replies.SYNTAX_ERROR);
        }
        return true;
    }

    private long number(String v, int maxDigits) throws SmtpSyntaxException {
        if (v == null || v.length() > maxDigits || !DIGITS.matcher(v).matches()) {
            throw error(Replies.SYNTAX_ERROR);
        }
        return Long.parseLong(v);
    }

    private String oneOf(String v, String... allowed) throws SmtpSyntaxException {
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v)) {
                return a;
            }
        }
        throw error(Replies.SYNTAX_ERROR);
    }

    /** RFC 3461 §4: xtext = *( xchar / "+" 2HEXCHAR ); xchar is "!" to "~" except "+" and "=". */
    private String xtext(String v, int max) throws SmtpSyntaxException {
        if (v == null || v.length() > max) {
            throw error(Replies.SYNTAX_ERROR);
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '+') {
                if (i + 2 >= v.length() || !isUpperHex(v.charAt(i + 1)) || !isUpperHex(v.charAt(i + 2))) {
                    throw error(Replies.SYNTAX_ERROR);
                }
                i += 2;
            } else if (c < '!' || c > '~' || c == '=') {
                // RFC 6531 §3.3 lets UTF-8 through in SMTPUTF8 sessions (utf-8-addr-xtext).
                if (c < 0x80) {
                    throw error(Replies.SYNTAX_ERROR);
                }
            }
        }
        return v;
    }

    private static boolean isUpperHex(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F';
    }

    /** RFC 3461 §4.1: NEVER, or a comma list of SUCCESS, FAILURE, DELAY. */
    private String notifyValue(String v) throws SmtpSyntaxException {
        if (v == null) {
            throw error(Replies.SYNTAX_ERROR);
        }
        String upper = v.toUpperCase(Locale.ROOT);
        if (upper.equals("NEVER")) {
            return upper;
        }
        Set<String> seen = new HashSet<>();
        for (String part : upper.split(",", -1)) {
            if (!Set.of("SUCCESS", "FAILURE", "DELAY").contains(part) || !seen.add(part)) {
                throw error(Replies.SYNTAX_ERROR);
            }
        }
        return upper;
    }

    /** RFC 3461 §4.2: ORCPT = addr-type ";" xtext. */
    private String orcptValue(String v) throws SmtpSyntaxException {
        if (v == null) {
            throw error(Replies.SYNTAX_ERROR);
        }
        int semi = v.indexOf(';');
        if (semi <= 0 || !ADDRESS_TYPE.matcher(v.substring(0, semi)).matches()) {
            throw error(Replies.SYNTAX_ERROR);
        }
        xtext(v.substring(semi + 1), 500);
        return v;
    }

    private SmtpCommand bdat() throws SmtpSyntaxException {
        if (!accept(' ')) {
            throw error(Replies.SYNTAX_ERROR);
        }
        int start = pos;
        while (pos < s.length() && s.charAt(pos) != ' ') {
            pos++;
        }
        long size = number(s.substring(start, pos), 18); // RFC 3030 §2: chunk-size = 1*DIGIT
        boolean last = false;
        if (accept(' ')) {
            if (!acceptIgnoreCase("LAST")) {
                throw error(Replies.SYNTAX_ERROR);
            }
            last = true;
        }
        return noArguments(new SmtpCommand.Bdat(size, last));
    }

    private SmtpCommand auth() throws SmtpSyntaxException {
        if (!accept(' ')) {
            throw error(Replies.SYNTAX_ERROR);
        }
        int start = pos;
        while (pos < s.length() && s.charAt(pos) != ' ') {
            pos++;
        }
        String mechanism = s.substring(start, pos);
        // RFC 4422 §3.1: mechanism names are 1-20 of A-Z 0-9 - _.
        if (!MECHANISM.matcher(mechanism).matches()) {
            throw error(Replies.SYNTAX_ERROR);
        }
        Optional<String> initial = Optional.empty();
        if (accept(' ')) {
            String ir = s.substring(pos);
            if (!INITIAL_RESPONSE.matcher(ir).matches()) {
                throw error(Replies.BAD_BASE64);
            }
            initial = Optional.of(ir);
            pos = s.length();
        }
        return noArguments(new SmtpCommand.Auth(mechanism, initial));
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }
}
