package dev.facteur.auth;

import dev.facteur.auth.dkim.DkimKeyGenerator;
import dev.facteur.auth.dmarc.DmarcRecord;
import java.util.ArrayList;
import java.util.List;

/** The DNS records {@code facteur init} and {@code facteur admin dkim} print, as zone-file lines. */
public final class DnsRecordTexts {

    private DnsRecordTexts() {
    }

    /** A record to publish: owner name, type and text. */
    public record DnsRecordText(String name, String type, String value) {
        /** A zone-file line; TXT text is split into quoted strings of at most 255 octets (RFC 1035 §3.3.14). */
        public String zoneLine() {
            return name + ". 3600 IN " + type + " " + (type.equals("TXT") ? quoted(value) : value);
        }
    }

    /** RFC 6376 §3.6.2.1: the key record at {@code selector._domainkey.domain}. */
    public static DnsRecordText dkim(String domain, String selector, DkimKeyGenerator.GeneratedKey key) {
        return new DnsRecordText(DkimKeyGenerator.GeneratedKey.recordName(selector, domain), "TXT", key.txtRecord());
    }

    /**
     * RFC 9989 §4.7: a DMARC record at {@code _dmarc.domain}, e.g. p=quarantine with aggregate reports to
     * the given addresses.
     */
    public static DnsRecordText dmarc(String domain, DmarcRecord.Policy policy, List<String> aggregateAddresses) {
        StringBuilder v = new StringBuilder("v=DMARC1; p=").append(policy.keyword());
        if (!aggregateAddresses.isEmpty()) {
            List<String> uris = new ArrayList<>();
            for (String a : aggregateAddresses) {
                if (a.contains(",") || a.contains(";") || a.contains("!") || !a.contains("@")) {
                    throw new IllegalArgumentException("bad report address: " + a);
                }
                uris.add("mailto:" + a);
            }
            v.append("; rua=").append(String.join(",", uris));
        }
        return new DnsRecordText("_dmarc." + domain, "TXT", v.toString());
    }

    /** RFC 7208 §3: an SPF record authorising the domain's MX hosts, failing everything else. */
    public static DnsRecordText spf(String domain) {
        return new DnsRecordText(domain, "TXT", "v=spf1 mx -all");
    }

    static String quoted(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i += 255) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append('"').append(text.substring(i, Math.min(text.length(), i + 255)).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.toString();
    }
}
