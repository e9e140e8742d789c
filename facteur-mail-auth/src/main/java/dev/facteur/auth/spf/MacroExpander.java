package dev.facteur.auth.spf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** RFC 7208 §7: macro-string syntax check and expansion. */
final class MacroExpander {

    private static final String LETTERS = "slodiphv";
    private static final String EXP_LETTERS = "crt";
    private static final String DELIMITERS = ".-+,/_=";

    private MacroExpander() {
    }

    /** Checks macro-string syntax (RFC 7208 §7.1); c, r and t are allowed only in explanations. */
    static void validate(String s, boolean explanation) throws SpfSyntaxException {
        expand(s, null, explanation);
    }

    /** Expands a macro-string; with a null context only validates. */
    static String expand(String s, MacroContext ctx, boolean explanation) throws SpfSyntaxException {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= s.length()) {
                throw new SpfSyntaxException("lone % at end of macro-string");
            }
            char n = s.charAt(i + 1);
            switch (n) {
                // RFC 7208 §7.1: macro-literal escapes.
                case '%' -> out.append('%');
                case '_' -> out.append(' ');
                case '-' -> out.append("%20");
                case '{' -> {
                    int close = s.indexOf('}', i + 2);
                    if (close < 0) {
                        throw new SpfSyntaxException("unclosed %{ in macro-string");
                    }
                    out.append(macro(s.substring(i + 2, close), ctx, explanation));
                    i = close + 1;
                    continue;
                }
                default -> throw new SpfSyntaxException("bad macro escape %" + n);
            }
            i += 2;
        }
        return out.toString();
    }

    private static String macro(String body, MacroContext ctx, boolean explanation) throws SpfSyntaxException {
        if (body.isEmpty()) {
            throw new SpfSyntaxException("empty macro");
        }
        char letter = body.charAt(0);
        char lower = Character.toLowerCase(letter);
        if (LETTERS.indexOf(lower) < 0 && !(explanation && EXP_LETTERS.indexOf(lower) >= 0)) {
            throw new SpfSyntaxException("unknown macro letter " + letter);
        }
        int i = 1;
        int digitsStart = i;
        while (i < body.length() && Character.isDigit(body.charAt(i))) {
            i++;
        }
        int keep = -1;
        if (i > digitsStart) {
            String digits = body.substring(digitsStart, i);
            // RFC 7208 §7.1: a transformer of 0 is an error; large values keep everything.
            keep = digits.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(digits);
            if (keep == 0) {
                throw new SpfSyntaxException("macro transformer of zero");
            }
        }
        boolean reverse = false;
        if (i < body.length() && (body.charAt(i) == 'r' || body.charAt(i) == 'R')) {
            reverse = true;
            i++;
        }
        String delimiters = body.substring(i);
        for (char d : delimiters.toCharArray()) {
            if (DELIMITERS.indexOf(d) < 0) {
                throw new SpfSyntaxException("bad macro delimiter " + d);
            }
        }
        if (ctx == null) {
            return "";
        }
        String value = value(lower, ctx);
        String transformed = transform(value, keep, reverse, delimiters.isEmpty() ? "." : delimiters);
        // RFC 7208 §7.3: upper-case macro letters URL-escape the value.
        return Character.isUpperCase(letter) ? urlEscape(transformed) : transformed;
    }

    private static String value(char letter, MacroContext ctx) {
        return switch (letter) {
            case 's' -> ctx.sender();
            case 'l' -> ctx.localPart();
            case 'o' -> ctx.senderDomain();
            case 'd' -> ctx.domain();
            case 'i' -> dottedIp(ctx.ip());
            case 'p' -> ctx.validatedName().get();
            case 'v' -> ctx.ip() instanceof Inet4Address ? "in-addr" : "ip6";
            case 'h' -> ctx.helo();
            case 'c' -> readableIp(ctx.ip());
            case 'r' -> ctx.receiver();
            case 't' -> Long.toString(ctx.timestamp());
            default -> throw new IllegalStateException("letter checked above: " + letter);
        };
    }

    private static String transform(String value, int keep, boolean reverse, String delimiters) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            if (delimiters.indexOf(value.charAt(i)) >= 0) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        if (reverse) {
            Collections.reverse(parts);
        }
        if (keep > 0 && keep < parts.size()) {
            parts = parts.subList(parts.size() - keep, parts.size());
        }
        return String.join(".", parts);
    }

    /** RFC 7208 §7.3 "i": IPv4 dotted quad, IPv6 as dot-separated nibbles. */
    static String dottedIp(InetAddress ip) {
        byte[] b = ip.getAddress();
        if (b.length == 4) {
            return ip.getHostAddress();
        }
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append('.').append(Character.forDigit(x & 0xf, 16)).append('.');
        }
        return sb.substring(0, sb.length() - 1);
    }

    /** RFC 7208 §7.3 "c": the readable form (RFC 5952 for IPv6). */
    static String readableIp(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        return compressIpv6(ip.getAddress());
    }

    private static String compressIpv6(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    private static String urlEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            // RFC 3986 §2.3 unreserved characters pass unchanged.
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }
}
