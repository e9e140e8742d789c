package dev.facteur.toolkit.check;

import dev.facteur.auth.dns.DnsResult;
import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Printable;
import java.util.Locale;
import java.util.Optional;

/** The rua=/ruf= destinations of a DMARC record and their external authorisation (RFC 7489 §7.1, RFC 9989). */
final class ReportUris {

    private ReportUris() {
    }

    static void check(CheckContext ctx, String policyDomain, Optional<String> value, String tag, dev.facteur.auth.dmarc.DmarcDiscovery discovery) {
        if (value.isEmpty() || value.get().isBlank()) {
            if (tag.equals("rua")) {
                ctx.add(Finding.warn("dmarc", "dmarc-no-rua", "The DMARC record at _dmarc." + policyDomain + " asks for no aggregate reports (rua=), so you will not see who sends as your domain.",
                        "Add rua=mailto:dmarc-reports@" + policyDomain + " to the record."));
            }
            return;
        }
        for (String raw : value.get().split(",")) {
            String uri = raw.strip();
            if (!uri.toLowerCase(Locale.ROOT).startsWith("mailto:")) {
                ctx.add(Finding.error("dmarc", "dmarc-" + tag + "-invalid", "The " + tag + "= destination \"" + Printable.of(uri, 100) + "\" is not a mailto: URI, so no reports can be sent to it.",
                        "Use " + tag + "=mailto:dmarc-reports@" + policyDomain));
                continue;
            }
            String address = uri.substring(7);
            int bang = address.indexOf('!');
            address = bang >= 0 ? address.substring(0, bang) : address;
            int at = address.lastIndexOf('@');
            if (at <= 0) {
                ctx.add(Finding.error("dmarc", "dmarc-" + tag + "-invalid", "The " + tag + "= destination \"" + Printable.of(uri, 100) + "\" has no valid address.",
                        "Use " + tag + "=mailto:dmarc-reports@" + policyDomain));
                continue;
            }
            String target = address.substring(at + 1).toLowerCase(Locale.ROOT);
            // RFC 9989 §4.10.2: the organisational domains, found by the tree walk, decide what is "external".
            if (discovery.organizationalDomain(target).equals(discovery.organizationalDomain(policyDomain))) {
                ctx.add(Finding.ok("dmarc", "dmarc-" + tag, "Reports (" + tag + ") go to " + Printable.of(address, 100) + ", within the domain's organisation."));
                continue;
            }
            // RFC 7489 §7.1, kept by RFC 9989: an outside receiver must publish <domain>._report._dmarc.<target>.
            String auth = policyDomain + "._report._dmarc." + target;
            DnsResult<String> r = ctx.txtStartingWith(auth, "v=DMARC1");
            switch (r) {
                case DnsResult.Records<String> rec -> ctx.add(Finding.ok("dmarc", "dmarc-" + tag + "-authorised",
                        "Reports (" + tag + ") go to " + Printable.of(address, 100) + " in another domain, which authorises them at " + auth + "."));
                case DnsResult.TempFailure<String> f -> ctx.temporary("dmarc", "the report authorisation at " + auth, f);
                default -> ctx.add(Finding.error("dmarc", "dmarc-" + tag + "-unauthorised",
                        "Reports (" + tag + ") go to " + Printable.of(address, 100) + " in another domain that does not authorise them, so receivers will not send them (RFC 7489 §7.1).",
                        "Ask the operator of " + target + " to publish: " + auth + ". TXT \"v=DMARC1\""));
            }
        }
    }
}
