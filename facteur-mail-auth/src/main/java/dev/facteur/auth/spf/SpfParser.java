package dev.facteur.auth.spf;

import dev.facteur.auth.spf.SpfRecord.Directive;
import dev.facteur.auth.spf.SpfRecord.Mechanism;
import dev.facteur.auth.spf.SpfRecord.Qualifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses SPF record text per the ABNF of RFC 7208 §12. */
final class SpfParser {

    private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*)=(.*)", Pattern.DOTALL);
    private static final Pattern DUAL_CIDR = Pattern.compile("^(.*?)(?:/(0|[1-9][0-9]{0,2}))?(?://(0|[1-9][0-9]{0,2}))?$", Pattern.DOTALL);
    private static final Pattern IP4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");

    private SpfParser() {
    }

    /** RFC 7208 §4.5: "v=spf1" followed by a space or the end of the record, case-insensitively. */
    static boolean isSpfRecord(String text) {
        return text.regionMatches(true, 0, "v=spf1", 0, 6) && (text.length() == 6 || text.charAt(6) == ' ');
    }

    static SpfRecord parse(String text) throws SpfSyntaxException {
        if (!isSpfRecord(text)) {
            throw new SpfSyntaxException("not an SPF record");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // RFC 7208 §12: the record is printable US-ASCII separated by SP only.
            if (c != ' ' && (c < 0x21 || c > 0x7e)) {
                throw new SpfSyntaxException("character outside printable US-ASCII");
            }
        }
        List<Directive> directives = new ArrayList<>();
        Optional<String> redirect = Optional.empty();
        Optional<String> exp = Optional.empty();
        for (String term : text.substring(6).split(" ")) {
            if (term.isEmpty()) {
                continue;
            }
            Matcher m = MODIFIER.matcher(term);
            if (m.matches() && !term.contains(":") || m.matches() && term.indexOf('=') < term.indexOf(':')) {
                String name = m.group(1).toLowerCase(Locale.ROOT);
                String value = m.group(2);
                switch (name) {
                    case "redirect" -> {
                        // RFC 7208 §6: redirect and exp each appear at most once.
                        if (redirect.isPresent()) {
                            throw new SpfSyntaxException("redirect= appears twice");
                        }
                        redirect = Optional.of(domainSpec(value, false));
                    }
                    case "exp" -> {
                        if (exp.isPresent()) {
                            throw new SpfSyntaxException("exp= appears twice");
                        }
                        exp = Optional.of(domainSpec(value, false));
                    }
                    // RFC 7208 §6: unknown modifiers are ignored, but their macro-string must be valid.
                    default -> MacroExpander.validate(value, false);
                }
                continue;
            }
            directives.add(directive(term));
        }
        return new SpfRecord(directives, redirect, exp);
    }

    private static Directive directive(String term) throws SpfSyntaxException {
        Qualifier q = Qualifier.PASS;
        String rest = term;
        Optional<Qualifier> explicit = Qualifier.of(term.charAt(0));
        if (explicit.isPresent()) {
            q = explicit.get();
            rest = term.substring(1);
        }
        int sep = indexOfAny(rest, ":/");
        String name = (sep < 0 ? rest : rest.substring(0, sep)).toLowerCase(Locale.ROOT);
        String arg = sep < 0 ? "" : rest.substring(sep);
        Mechanism mech = switch (name) {
            case "all" -> {
                requireEmpty(arg, term);
                yield new Mechanism.All();
            }
            case "include" -> new Mechanism.Include(requiredSpec(arg, term));
            case "exists" -> new Mechanism.Exists(requiredSpec(arg, term));
            case "ptr" -> new Mechanism.Ptr(optionalSpec(arg, term));
            case "a", "mx" -> dualCidr(name, arg, term);
            case "ip4" -> ip4(arg, term);
            case "ip6" -> ip6(arg, term);
            default -> throw new SpfSyntaxException("unknown mechanism: " + term);
        };
        return new Directive(q, mech, term);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static void requireEmpty(String arg, String term) throws SpfSyntaxException {
        if (!arg.isEmpty()) {
            throw new SpfSyntaxException("unexpected argument: " + term);
        }
    }

    private static String requiredSpec(String arg, String term) throws SpfSyntaxException {
        if (!arg.startsWith(":") || arg.length() == 1) {
            throw new SpfSyntaxException("domain-spec required: " + term);
        }
        return domainSpec(arg.substring(1), false);
    }

    private static String optionalSpec(String arg, String term) throws SpfSyntaxException {
        if (arg.isEmpty()) {
            return "";
        }
        return requiredSpec(arg, term);
    }

    private static Mechanism dualCidr(String name, String arg, String term) throws SpfSyntaxException {
        Matcher m = DUAL_CIDR.matcher(arg);
        if (!m.matches()) {
            throw new SpfSyntaxException("bad CIDR: " + term);
        }
        String specPart = m.group(1);
        // RFC 7208 §5.6: ip4-cidr-length is 0..32, ip6-cidr-length 0..128.
        int p4 = m.group(2) == null ? 32 : Integer.parseInt(m.group(2));
        int p6 = m.group(3) == null ? 128 : Integer.parseInt(m.group(3));
        if (p4 > 32 || p6 > 128) {
            throw new SpfSyntaxException("CIDR length out of range: " + term);
        }
        String spec = optionalSpec(specPart, term);
        return name.equals("a") ? new Mechanism.A(spec, p4, p6) : new Mechanism.Mx(spec, p4, p6);
    }

    private static Mechanism ip4(String arg, String term) throws SpfSyntaxException {
        if (!arg.startsWith(":")) {
            throw new SpfSyntaxException("ip4 needs an address: " + term);
        }
        String body = arg.substring(1);
        int slash = body.indexOf('/');
        String addr = slash < 0 ? body : body.substring(0, slash);
        int prefix = slash < 0 ? 32 : cidr(body.substring(slash + 1), 32, term);
        if (!IP4.matcher(addr).matches()) {
            throw new SpfSyntaxException("bad ip4 address: " + term);
        }
        return new Mechanism.Ip4(IpAddresses.parse(addr).getAddress(), prefix);
    }

    private static Mechanism ip6(String arg, String term) throws SpfSyntaxException {
        if (!arg.startsWith(":")) {
            throw new SpfSyntaxException("ip6 needs an address: " + term);
        }
        String body = arg.substring(1);
        int slash = body.indexOf('/');
        String addr = slash < 0 ? body : body.substring(0, slash);
        int prefix = slash < 0 ? 128 : cidr(body.substring(slash + 1), 128, term);
        byte[] bytes = IpAddresses.parseIpv6(addr);
        if (bytes == null) {
            throw new SpfSyntaxException("bad ip6 address: " + term);
        }
        return new Mechanism.Ip6(bytes, prefix);
    }

    private static int cidr(String text, int max, String term) throws SpfSyntaxException {
        // RFC 7208 §12: ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT); no leading zeros.
        if (!text.matches("0|[1-9][0-9]{0,2}")) {
            throw new SpfSyntaxException("bad CIDR length: " + term);
        }
        int v = Integer.parseInt(text);
        if (v > max) {
            throw new SpfSyntaxException("CIDR length out of range: " + term);
        }
        return v;
    }

    /**
     * RFC 7208 §7.1: domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand.
     */
    static String domainSpec(String spec, boolean explanation) throws SpfSyntaxException {
        if (spec.isEmpty()) {
            throw new SpfSyntaxException("empty domain-spec");
        }
        MacroExpander.validate(spec, explanation);
        if (spec.endsWith("}") && lastMacroEndsAt(spec)) {
            return spec;
        }
        String s = spec.endsWith(".") ? spec.substring(0, spec.length() - 1) : spec;
        int dot = s.lastIndexOf('.');
        if (dot < 0 || dot == s.length() - 1) {
            throw new SpfSyntaxException("domain-spec needs a top label: " + spec);
        }
        if (!isTopLabel(s.substring(dot + 1))) {
            throw new SpfSyntaxException("bad top label in domain-spec: " + spec);
        }
        return spec;
    }

    private static boolean lastMacroEndsAt(String spec) {
        int open = spec.lastIndexOf("%{");
        return open >= 0 && (open == 0 || spec.charAt(open - 1) != '%' || countPercents(spec, open) % 2 == 1);
    }

    private static int countPercents(String s, int pos) {
        int n = 0;
        for (int i = pos; i >= 0 && s.charAt(i) == '%'; i--) {
            n++;
        }
        return n;
    }

    /** RFC 7208 §7.1: toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum ). */
    static boolean isTopLabel(String label) {
        if (label.isEmpty() || !label.matches("[A-Za-z0-9-]+")) {
            return false;
        }
        if (label.matches("[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*")) {
            return true;
        }
        return label.matches("[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9]");
    }
}
