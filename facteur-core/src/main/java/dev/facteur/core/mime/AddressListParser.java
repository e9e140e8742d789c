package dev.facteur.core.mime;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A tolerant RFC 5322 §3.4 address-list parser that keeps display names raw (quotes removed,
 * encoded words untouched), as the IMAP ENVELOPE needs them. Never throws: what cannot be
 * understood is skipped up to the next comma.
 */
final class AddressListParser {

    private static final int MAX_ADDRESSES = 500;

    private final String s;
    private int pos;
    /** The text of the last comment skipCfws passed, without its outer parentheses; null when none since reset. */
    private @Nullable String lastComment;

    private AddressListParser(String s) {
        this.s = s;
    }

    static List<Address> parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return new AddressListParser(value).list();
    }

    private List<Address> list() {
        List<Address> out = new ArrayList<>();
        while (pos < s.length() && out.size() < MAX_ADDRESSES) {
            skipCfws();
            if (pos >= s.length()) {
                break;
            }
            if (peek() == ',' || peek() == ';') {
                pos++;
                continue;
            }
            int before = pos;
            entry(out, false);
            if (pos == before) {
                pos++; // guarantee progress on garbage
            }
        }
        return out;
    }

    /** One mailbox or group (RFC 5322 §3.4 address = mailbox / group). */
    private void entry(List<Address> out, boolean inGroup) {
        List<String> words = new ArrayList<>();
        StringBuilder addrSpec = new StringBuilder();
        while (pos < s.length()) {
            skipCfws();
            if (pos >= s.length()) {
                break;
            }
            char c = peek();
            if (c == '<') {
                pos++;
                angleAddr(out, phrase(words));
                return;
            }
            if (c == ':' && !inGroup) {
                pos++;
                group(out, phrase(words));
                return;
            }
            if (c == ',' || c == ';' || c == '>') {
                break;
            }
            if (c == '@') {
                pos++;
                String local = String.join("", words);
                lastComment = null;
                String host = domain(",;");
                // A bare addr-spec followed by a comment, "user@domain (Real Name)": the comment is the
                // display name, as Dovecot and RFC 822 §6.1's examples use it (RFC 5322 §3.4 obs form).
                String name = lastComment == null || lastComment.isBlank() ? null : lastComment.strip();
                out.add(new Address(name, null, local, host));
                return;
            }
            String w = word();
            if (w.isEmpty()) {
                pos++;
                continue;
            }
            words.add(w);
            addrSpec.append(w);
        }
        if (!words.isEmpty()) {
            // RFC 9051 §7.5.2: a local part without a domain; host is the empty string, not NIL
            out.add(new Address(null, null, addrSpec.toString(), ""));
        }
    }

    private void group(List<Address> out, @Nullable String name) {
        out.add(Address.groupStart(name == null ? "" : name));
        while (pos < s.length()) {
            skipCfws();
            if (pos >= s.length()) {
                break;
            }
            char c = peek();
            if (c == ';') {
                pos++;
                break;
            }
            if (c == ',') {
                pos++;
                continue;
            }
            int before = pos;
            entry(out, true);
            if (pos == before) {
                pos++;
            }
        }
        out.add(Address.groupEnd());
    }

    /** After '<': [obs-route ":"] local-part "@" domain ">" (RFC 5322 §4.4 obs-route kept as adl). */
    private void angleAddr(List<Address> out, @Nullable String name) {
        String adl = null;
        skipCfws();
        if (pos < s.length() && peek() == '@') {
            int colon = s.indexOf(':', pos);
            int close = s.indexOf('>', pos);
            if (colon > 0 && (close < 0 || colon < close)) {
                adl = s.substring(pos, colon).replace(" ", "");
                pos = colon + 1;
            }
        }
        StringBuilder local = new StringBuilder();
        String host = null;
        while (pos < s.length()) {
            skipCfws();
            if (pos >= s.length()) {
                break;
            }
            char c = peek();
            if (c == '>') {
                pos++;
                break;
            }
            if (c == '@') {
                pos++;
                host = domain(">");
                continue;
            }
            String w = word();
            if (w.isEmpty()) {
                pos++;
                continue;
            }
            local.append(w);
        }
        if (local.isEmpty() && host == null) {
            // "<>" (the null return path) has no mailbox; RFC 9051 gives no form for it, skip
            return;
        }
        out.add(new Address(name, adl, local.toString(), host == null ? "" : host));
    }

    private String domain(String stops) {
        StringBuilder d = new StringBuilder();
        while (pos < s.length()) {
            skipCfws();
            if (pos >= s.length() || stops.indexOf(peek()) >= 0) {
                break;
            }
            char c = peek();
            if (c == '[') {
                int close = s.indexOf(']', pos);
                int to = close < 0 ? s.length() : close + 1;
                d.append(s, pos, to);
                pos = to;
                continue;
            }
            String w = word();
            if (w.isEmpty()) {
                break;
            }
            d.append(w);
        }
        return d.toString();
    }

    private static @Nullable String phrase(List<String> words) {
        return words.isEmpty() ? null : String.join(" ", words);
    }

    /** An atom (dots allowed, RFC 5322 obs-phrase) or a quoted string, unquoted. */
    private String word() {
        if (peek() == '"') {
            pos++;
            StringBuilder b = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && pos < s.length()) {
                    c = s.charAt(pos++);
                }
                b.append(c);
            }
            return b.toString();
        }
        int start = pos;
        while (pos < s.length() && !special(s.charAt(pos))) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private static boolean special(char c) {
        return c == ' ' || c == '\t' || "()<>[]:;@\\,\"".indexOf(c) >= 0;
    }

    /** Skips whitespace and (nested) comments (RFC 5322 §3.2.2 CFWS). */
    private void skipCfws() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                pos++;
            } else if (c == '(') {
                lastComment = comment();
            } else {
                return;
            }
        }
    }

    /** Reads one (nested) comment from its '(' and returns its text without the outer parentheses. */
    private String comment() {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        while (pos < s.length()) {
            char d = s.charAt(pos++);
            if (d == '\\') {
                if (pos < s.length()) {
                    text.append(s.charAt(pos++)); // RFC 5322 §3.2.1 quoted-pair
                }
                continue;
            }
            if (d == '(') {
                depth++;
                if (depth == 1) {
                    continue;
                }
            } else if (d == ')' && --depth == 0) {
                break;
            }
            text.append(d);
        }
        return text.toString();
    }

    private char peek() {
        return s.charAt(pos);
    }
}
