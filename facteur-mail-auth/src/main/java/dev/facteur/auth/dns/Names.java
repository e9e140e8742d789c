package dev.facteur.auth.dns;

import java.util.Locale;

/** Domain-name text handling shared by the resolvers: lower case, no trailing dot. */
public final class Names {

    private Names() {
    }

    /** Lower-cases and removes one trailing dot; DNS names compare case-insensitively (RFC 4343). */
    public static String normalise(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return n.toLowerCase(Locale.ROOT);
    }

    /** True if the text is usable as a query name: 1..253 octets, labels 1..63, printable ASCII or space. */
    public static boolean isQueryable(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        // RFC 1035 §2.3.4: 255 octets on the wire, 63 per label.
        if (n.isEmpty() || n.length() > 253) {
            return false;
        }
        int labelStart = 0;
        for (int i = 0; i <= n.length(); i++) {
            if (i == n.length() || n.charAt(i) == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63) {
                    return false;
                }
                labelStart = i + 1;
            } else {
                char c = n.charAt(i);
                if (c < ' ' || c >= 127) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The reverse-lookup name of an address (RFC 1035 §3.5, RFC 3596 §2.5). */
    public static String reverseName(java.net.InetAddress address) {
        byte[] b = address.getAddress();
        StringBuilder sb = new StringBuilder();
        if (b.length == 4) {
            for (int i = 3; i >= 0; i--) {
                sb.append(b[i] & 0xff).append('.');
            }
            return sb.append("in-addr.arpa").toString();
        }
        String hex = "0123456789abcdef";
        for (int i = 15; i >= 0; i--) {
            sb.append(hex.charAt(b[i] & 0xf)).append('.').append(hex.charAt((b[i] >> 4) & 0xf)).append('.');
        }
        return sb.append("ip6.arpa").toString();
    }
}
