package dev.facteur.auth;

import dev.facteur.auth.spf.SpfResult;
import java.net.InetAddress;

/**
 * The SPF results gathered during the SMTP transaction (RFC 7208 §2.3, §2.4): the HELO identity and
 * the MAIL FROM identity, and which one DMARC uses (MAIL FROM, or HELO for a null reverse-path).
 */
public record SpfCheck(InetAddress client, String helo, String mailFrom, SpfResult heloResult, SpfResult mailFromResult) {

    /** The domain whose SPF result DMARC aligns (RFC 9989 §4.4.2). */
    public String spfDomain() {
        if (mailFrom.isEmpty()) {
            return helo;
        }
        int at = mailFrom.lastIndexOf('@');
        return at < 0 ? mailFrom : mailFrom.substring(at + 1);
    }

    /** The result for that identity. */
    public SpfResult result() {
        return mailFrom.isEmpty() ? heloResult : mailFromResult;
    }
}
