package dev.facteur.toolkit.check;

import dev.facteur.auth.dkim.DkimKeyRecord;
import dev.facteur.auth.dns.DnsRecords;
import dev.facteur.auth.dns.DnsResult;
import dev.facteur.toolkit.report.Finding;
import dev.facteur.toolkit.report.Printable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** DKIM keys at common and given selectors (RFC 6376 §3.6.2.1): found, parseable, type and size (RFC 8301 §3.2). */
final class DkimCheck {

    private static final String AREA = "dkim";
    /** Selectors that mail services and common software publish by default. */
    static final List<String> COMMON_SELECTORS = List.of("default", "dkim", "mail", "selector1", "selector2", "google",
            "k1", "k2", "k3", "s1", "s2", "smtp", "mx", "fm1", "fm2", "fm3", "mandrill", "mxvault", "zoho", "protonmail",
            "protonmail2", "protonmail3", "everlytic", "sig1", "facteur");

    private final CheckContext ctx;

    DkimCheck(CheckContext ctx) {
        this.ctx = ctx;
    }

    void run(String domain, List<String> givenSelectors) {
        Set<String> selectors = new LinkedHashSet<>(givenSelectors);
        selectors.addAll(COMMON_SELECTORS);
        List<String> found = new ArrayList<>();
        for (String s : selectors) {
            String name = s + "._domainkey." + domain;
            DnsResult<DnsRecords.Txt> r = ctx.dns().txt(name);
            switch (r) {
                case DnsResult.Records<DnsRecords.Txt> rec -> {
                    found.add(s);
                    key(name, rec.values().getFirst().text());
                }
                case DnsResult.TempFailure<DnsRecords.Txt> f -> {
                    if (givenSelectors.contains(s)) {
                        ctx.temporary(AREA, "the DKIM key at " + name, f);
                    }
                }
                default -> {
                    if (givenSelectors.contains(s)) {
                        ctx.add(Finding.error(AREA, "dkim-selector-missing", "No DKIM key is published at the given selector " + name + ", so signatures with s=" + s + " fail.",
                                "Publish the key: " + name + ". TXT \"v=DKIM1; k=rsa; p=<base64 public key>\" (facteur admin dkim shows it)"));
                    }
                }
            }
        }
        if (found.isEmpty()) {
            ctx.add(Finding.warn(AREA, "dkim-none-found", "No DKIM key was found at the " + selectors.size() + " selectors tried; if you sign with another selector, give it with --selector.",
                    "Sign outgoing mail and publish the key: <selector>._domainkey." + domain + ". TXT \"v=DKIM1; k=rsa; p=<base64 public key>\""));
        }
    }

    private void key(String name, String text) {
        try {
            DkimKeyRecord k = DkimKeyRecord.parse(text);
            if (k.keyType().equals("rsa") && k.keyBits() < 2048) {
                ctx.add(Finding.warn(AREA, "dkim-weak-key", "The DKIM key at " + name + " is RSA " + k.keyBits() + " bits; 1024-bit keys are the minimum (RFC 8301 §3.2) and 2048 is current practice.",
                        "Generate a 2048-bit key under a new selector, publish it, switch signing, then remove the old key."));
            } else {
                ctx.add(Finding.ok(AREA, "dkim-key", "DKIM key at " + name + ": " + k.keyType() + (k.keyType().equals("rsa") ? " " + k.keyBits() + " bits" : "") + (k.testing() ? " (testing, t=y)" : "") + "."));
            }
        } catch (DkimKeyRecord.KeyException e) {
            String why = e.getMessage() == null ? "unreadable" : e.getMessage();
            if (why.contains("revoked")) {
                ctx.add(Finding.ok(AREA, "dkim-key-revoked", "The DKIM key at " + name + " is revoked (empty p=); signatures with it fail, as intended after a rotation."));
            } else if (why.contains("bits") || why.contains("small")) {
                ctx.add(Finding.error(AREA, "dkim-key-too-small", "The DKIM key at " + name + " is refused: " + Printable.of(why, 120) + " (RFC 8301 §3.2 requires at least 1024 bits).",
                        "Generate a 2048-bit key, publish it under a new selector and sign with it."));
            } else {
                ctx.add(Finding.error(AREA, "dkim-key-invalid", "The DKIM record at " + name + " cannot be used: " + Printable.of(why, 120) + ".",
                        name + ". TXT \"v=DKIM1; k=rsa; p=<base64 public key>\""));
            }
        }
    }
}
