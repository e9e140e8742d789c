package dev.facteur.auth.dmarc;

import dev.facteur.auth.message.HeaderField;
import dev.facteur.auth.message.MailMessage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Extracts the RFC5322.From domains (RFC 9989 §4.6; RFC 5322 §3.6.2 author addresses). */
public final class AuthorDomains {

    private AuthorDomains() {
    }

    /** The distinct domains of the From header's addresses; empty if there is no usable From. */
    public static Set<String> of(MailMessage message) {
        List<HeaderField> froms = message.headers("From");
        Set<String> domains = new LinkedHashSet<>();
        // RFC 9989 §4.6: a message with several From fields cannot be evaluated reliably.
        if (froms.size() != 1) {
            return domains;
        }
        for (String address : addresses(froms.getFirst().value())) {
            int at = address.lastIndexOf('@');
            if (at > 0 && at < address.length() - 1) {
                String d = address.substring(at + 1).toLowerCase(Locale.ROOT);
                if (d.endsWith(".")) {
                    d = d.substring(0, d.length() - 1);
                }
                if (isHostName(d) && d.indexOf('.') >= 0) {
                    domains.add(d);
                } else {
                    domains.add("");
                }
            }
        }
        return domains;
    }

    /** Address specs of a mailbox-list, skipping display names, comments and quoted strings. */
    static List<String> addresses(String value) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder plain = new StringBuilder();
        StringBuilder angle = null;
        int comment = 0;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            if (comment > 0) {
                if (c == '(') {
                    comment++;
                } else if (c == ')') {
                    comment--;
                } else if (c == '\\') {
                    i++;
                }
                continue;
            }
            switch (c) {
                case '"' -> quoted = true;
                case '(' -> comment = 1;
                case '<' -> angle = new StringBuilder();
                case '>' -> {
                    if (angle != null) {
                        out.add(angle.toString().strip());
                        angle = null;
                        plain.setLength(0);
                    }
                }
                case ',' -> {
                    if (angle == null) {
                        if (!plain.toString().isBlank()) {
                            out.add(plain.toString().strip());
                        }
                        plain.setLength(0);
                    }
                }
                default -> {
                    if (angle != null) {
                        angle.append(c);
                    } else {
                        plain.append(c);
                    }
                }
            }
        }
        if (!plain.toString().isBlank() && plain.indexOf("@") >= 0) {
            out.add(plain.toString().strip());
        }
        List<String> specs = new java.util.ArrayList<>(out.size());
        for (String a : out) {
            if (a.indexOf('@') >= 0) {
                specs.add(withoutWhitespace(a));
            }
        }
        return specs;
    }

    /** {@code [a-z0-9]([a-z0-9.-]*[a-z0-9])?} over an already lower-cased name, without a regex. */
    private static boolean isHostName(String d) {
        int n = d.length();
        if (n == 0 || !isLetterOrDigit(d.charAt(0)) || !isLetterOrDigit(d.charAt(n - 1))) {
            return false;
        }
        for (int i = 1; i < n - 1; i++) {
            char c = d.charAt(i);
            if (!isLetterOrDigit(c) && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** The string without the characters the regex {@code \s} matches: space, tab, LF, VT, FF and CR. */
    private static String withoutWhitespace(String a) {
        StringBuilder sb = null;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            boolean ws = c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
            if (ws && sb == null) {
                sb = new StringBuilder(a.length()).append(a, 0, i);
            } else if (!ws && sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? a : sb.toString();
    }
}
