package dev.facteur.auth.tlsrpt;

import dev.facteur.auth.dns.DnsRecords;
import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.dns.DnsResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A TLS reporting policy (RFC 8460 §3): where a domain wants its reports. */
public record TlsRptRecord(List<String> rua) {

    public TlsRptRecord {
        rua = List.copyOf(rua);
        if (rua.isEmpty()) {
            throw new IllegalArgumentException("a TLS-RPT record needs at least one rua URI");
        }
    }

    /** The outcome of a lookup. */
    public sealed interface Lookup {
        record Found(TlsRptRecord record) implements Lookup {
        }

        record NotFound(String reason) implements Lookup {
        }

        /** A DNS failure: try again later. */
        record Failed(String cause) implements Lookup {
        }
    }

    /** RFC 8460 §3: the TXT record at {@code _smtp._tls.<domain>}; exactly one valid record counts. */
    public static Lookup lookup(DnsResolver dns, String domain) {
        String name = "_smtp._tls." + domain;
        DnsResult<DnsRecords.Txt> r = dns.txt(name);
        if (r instanceof DnsResult.TempFailure<DnsRecords.Txt> f) {
            return new Lookup.Failed(f.cause());
        }
        List<TlsRptRecord> found = new ArrayList<>();
        for (DnsRecords.Txt txt : r.values()) {
            parse(txt.text()).ifPresent(found::add);
        }
        // RFC 8460 §3: several records mean no policy.
        return found.size() == 1 ? new Lookup.Found(found.getFirst())
                : new Lookup.NotFound(found.isEmpty() ? "no v=TLSRPTv1 record at " + name : "several records at " + name);
    }

    /**
     * RFC 8460 §3: {@code v=TLSRPTv1; rua=uri[,uri]}; only mailto: and https: URIs are used, others
     * ignored. Empty when the text is not a TLS-RPT record or names no usable URI.
     */
    public static Optional<TlsRptRecord> parse(String text) {
        String[] parts = text.split(";");
        if (!parts[0].strip().equals("v=TLSRPTv1")) {
            return Optional.empty();
        }
        List<String> rua = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 0 || !parts[i].substring(0, eq).strip().equals("rua")) {
                continue; // RFC 8460 §3: unknown fields are ignored
            }
            for (String uri : parts[i].substring(eq + 1).split(",")) {
                String u = uri.strip();
                String lower = u.toLowerCase(Locale.ROOT);
                if ((lower.startsWith("mailto:") && u.indexOf('@') > 7) || lower.startsWith("https://")) {
                    rua.add(u);
                }
            }
        }
        return rua.isEmpty() ? Optional.empty() : Optional.of(new TlsRptRecord(rua));
    }
}
