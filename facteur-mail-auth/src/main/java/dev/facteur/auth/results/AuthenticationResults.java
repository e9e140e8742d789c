package dev.facteur.auth.results;

import dev.facteur.auth.arc.ArcResult;
import dev.facteur.auth.dkim.DkimResult;
import dev.facteur.auth.dmarc.DmarcResult;
import dev.facteur.auth.spf.SpfResult;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Builds one Authentication-Results header field (RFC 8601 §2.2). */
public final class AuthenticationResults {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.-]+");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9.@_+=/!#$%&'*^`{|}~-]+");

    private final String authservId;
    private final List<String> results = new ArrayList<>();

    public AuthenticationResults(String authservId) {
        if (!HOST_NAME.matcher(authservId).matches()) {
            throw new IllegalArgumentException("authserv-id must be a host name");
        }
        this.authservId = authservId;
    }

    /** RFC 8601 §2.7.2: spf with smtp.mailfrom (or smtp.helo when the reverse-path was null). */
    public AuthenticationResults spf(SpfResult r, String mailFrom, String helo) {
        String prop = mailFrom.isEmpty() ? "smtp.helo=" + value(helo) : "smtp.mailfrom=" + value(mailFrom);
        results.add("spf=" + r.keyword() + comment(r.detail()) + " " + prop);
        return this;
    }

    /** RFC 8601 §2.7.1: one dkim result per signature, with header.d, header.s, header.i and header.b (RFC 6008). */
    public AuthenticationResults dkim(List<DkimResult> rs) {
        if (rs.isEmpty()) {
            results.add("dkim=none");
        }
        for (DkimResult r : rs) {
            StringBuilder sb = new StringBuilder("dkim=").append(r.keyword());
            String why = switch (r) {
                case DkimResult.Pass p -> p.keyBits() + "-bit key" + (p.testing() ? "; test mode" : "");
                case DkimResult.Fail f -> f.cause();
                case DkimResult.Neutral n -> n.cause();
                case DkimResult.TempError t -> t.cause();
                case DkimResult.PermError p -> p.cause();
            };
            sb.append(comment(why));
            DkimResult.Info i = r.info();
            if (!i.domain().isEmpty()) {
                sb.append(" header.d=").append(value(i.domain()));
            }
            if (!i.selector().isEmpty()) {
                sb.append(" header.s=").append(value(i.selector()));
            }
            if (!i.identity().isEmpty()) {
                sb.append(" header.i=").append(value(i.identity()));
            }
            if (!i.algorithm().isEmpty()) {
                sb.append(" header.a=").append(value(i.algorithm()));
            }
            if (!i.bPrefix().isEmpty()) {
                sb.append(" header.b=").append(value(i.bPrefix()));
            }
            results.add(sb.toString());
        }
        return this;
    }

    /** RFC 8601 §2.7.8 (dmarc, registered by RFC 7489 §11.1) with header.from and the policy applied. */
    public AuthenticationResults dmarc(DmarcResult r) {
        StringBuilder sb = new StringBuilder("dmarc=").append(r.keyword());
        String why = switch (r) {
            case DmarcResult.None n -> n.reason();
            case DmarcResult.Pass p -> "p=" + p.policy().record().policy().keyword();
            case DmarcResult.Fail f -> "p=" + f.policy().record().policy().keyword() + " dis=" + f.disposition().reportKeyword();
            case DmarcResult.TempError t -> t.cause();
            case DmarcResult.PermError p -> p.cause();
        };
        sb.append(comment(why));
        if (!r.fromDomain().isEmpty()) {
            sb.append(" header.from=").append(value(r.fromDomain()));
        }
        results.add(sb.toString());
        return this;
    }

    /** RFC 8617 §10.1: arc with the chain status. */
    public AuthenticationResults arc(ArcResult r) {
        String why = switch (r) {
            case ArcResult.None n -> "";
            case ArcResult.Pass p -> "i=" + p.instances();
            case ArcResult.Fail f -> f.cause();
        };
        results.add("arc=" + r.keyword() + comment(why));
        return this;
    }

    /** The header field, folded one result per line, ending in CRLF. */
    public String header() {
        return "Authentication-Results: " + payload() + "\r\n";
    }

    /** The value after "Authentication-Results: " (also the AAR payload of an ARC set). */
    public String payload() {
        if (results.isEmpty()) {
            // RFC 8601 §2.2: "none" when no method was applied.
            return authservId + "; none";
        }
        return authservId + ";\r\n\t" + String.join(";\r\n\t", results);
    }

    /** A comment: printable ASCII without parentheses or backslashes, bounded in length. */
    static String comment(String text) {
        if (text.isBlank()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" (");
        int n = 0;
        for (char c : text.toCharArray()) {
            if (n++ >= 100) {
                sb.append("...");
                break;
            }
            sb.append(c < 0x20 || c > 0x7e || c == '(' || c == ')' || c == '\\' ? ' ' : c);
        }
        return sb.append(')').toString();
    }

    /** RFC 8601 §2.2 pvalue: a token, or a quoted-string when it holds specials. */
    static String value(String v) {
        if (TOKEN.matcher(v).matches()) {
            return v;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                continue;
            }
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
