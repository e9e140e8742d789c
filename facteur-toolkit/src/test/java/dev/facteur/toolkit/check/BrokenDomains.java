package dev.facteur.toolkit.check;

import dev.facteur.testkit.dns.TestDnsServer;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A zone of deliberately broken domains, each one correct except for one misconfiguration, plus
 * good.test which is correct in every respect. {@link #EXPECTED} lists, per domain, the codes of
 * the warnings and errors a correct checker reports: exactly these and no others.
 */
final class BrokenDomains {

    static final Map<String, java.util.Set<String>> EXPECTED = new java.util.LinkedHashMap<>();
    final Map<String, PolicyFetcher.Result> policies = new HashMap<>();
    private final TestDnsServer dns;
    private static final String KEY2048 = rsaKey(2048);
    private static final String KEY1024 = rsaKey(1024);
    private static final String KEY512 = rsaKey(512);

    static {
        String[][] table = {
            {"good.test"},
            {"a.b.inherit.test"},
            {"nullmx.test"},
            {"missing.test", "domain-not-found"},
            {"implicit.test", "mx-implicit"},
            {"nothing.test", "mx-none"},
            {"nullmixed.test", "mx-null-mixed"},
            {"mxcname.test", "mx-cname"},
            {"mxnoaddr.test", "mx-no-address"},
            {"mxip.test", "mx-ip-literal"},
            {"spfnone.test", "spf-none"},
            {"spfmulti.test", "spf-multiple"},
            {"spfsyntax.test", "spf-syntax"},
            {"spflookups.test", "spf-too-many-lookups"},
            {"spfvoid.test", "spf-void-lookups"},
            {"spfplusall.test", "spf-pass-all"},
            {"spfneutral.test", "spf-neutral-all"},
            {"spfnoall.test", "spf-no-all"},
            {"spfmissing.test", "spf-include-missing"},
            {"spfptr.test", "spf-ptr"},
            {"spfloop.test", "spf-loop"},
            {"dkimnone.test", "dkim-none-found"},
            {"dkimweak.test", "dkim-weak-key"},
            {"dkimsmall.test", "dkim-key-too-small"},
            {"dkiminvalid.test", "dkim-key-invalid"},
            {"dmarcnone.test", "dmarc-none"},
            {"dmarcmulti.test", "dmarc-multiple"},
            {"dmarcsyntax.test", "dmarc-syntax"},
            {"dmarcpnone.test", "dmarc-policy-none"},
            {"dmarcnopolicy.test", "dmarc-no-policy", "dmarc-policy-none"},
            {"dmarctesting.test", "dmarc-testing"},
            {"dmarcpct.test", "dmarc-obsolete-tag"},
            {"dmarcnorua.test", "dmarc-no-rua"},
            {"dmarcext.test", "dmarc-rua-unauthorised"},
            {"dmarcextok.test"},
            {"dmarcrufext.test", "dmarc-ruf-unauthorised"},
            {"dmarcruahttp.test", "dmarc-rua-invalid"},
            {"mxghosts.test", "mx-no-address", "mx-unusable"},
            {"stsbadid.test", "mta-sts-txt-invalid"},
            {"stsmulti.test", "mta-sts-multiple"},
            {"stsunreachable.test", "mta-sts-policy-unreachable"},
            {"stsbadpolicy.test", "mta-sts-policy-invalid"},
            {"stsmismatch.test", "mta-sts-mx-mismatch"},
            {"ststesting.test", "mta-sts-not-enforced"},
            {"tlsrptnone.test", "tls-rpt-none"},
            {"tlsrptbad.test", "tls-rpt-invalid"},
            {"daneunsigned.test", "dane-unsigned"},
            {"daneusage.test", "dane-unusable-usage"},
            {"bimibad.test", "bimi-invalid"},
            {"bimiweak.test", "bimi-without-enforcement", "dmarc-policy-none"},
            {"rdnsnone.test", "rdns-missing"},
            {"rdnsmismatch.test", "fcrdns-mismatch"},
            {"listed.test", "dnsbl-listed"},
            {"blrefused.test", "dnsbl-refused"},
            {"tempdns.test", "dns-temporary"},
        };
        for (String[] row : table) {
            EXPECTED.put(row[0], java.util.Set.of(java.util.Arrays.copyOfRange(row, 1, row.length)));
        }
    }

    BrokenDomains(TestDnsServer dns) {
        this.dns = dns;
        dns.a("mx.shared.test", "127.0.0.2").ptr("127.0.0.2", "mx.shared.test")
                .tlsa("_25._tcp.mx.shared.test", 3, 1, 1, new byte[32]).authenticated("_25._tcp.mx.shared.test");
        dns.txt("_dmarc.inherit.test", "v=DMARC1; p=reject; rua=mailto:dmarc@inherit.test");
        for (String d : EXPECTED.keySet()) {
            if (!d.equals("missing.test")) {
                build(d);
            }
        }
    }

    /** The policy server's answer: the override if any, else an enforce policy covering the domain's hosts. */
    PolicyFetcher fetcher() {
        return domain -> policies.getOrDefault(domain, new PolicyFetcher.Result.Fetched(
                "version: STSv1\r\nmode: enforce\r\nmx: mx.shared.test\r\nmx: *." + domain + "\r\nmx: " + domain + "\r\nmax_age: 604800\r\n"));
    }

    private void build(String d) {
        String label = d.substring(0, d.indexOf('.'));
        mx(d, label);
        dns.txt(d, spf(d, label));
        dkim(d, label);
        dmarc(d, label);
        sts(d, label);
        if (!label.equals("tlsrptnone")) {
            dns.txt("_smtp._tls." + d, label.equals("tlsrptbad") ? "v=TLSRPTv1; rua=ftp://x" : "v=TLSRPTv1; rua=mailto:tls@" + d);
        }
        switch (label) {
            case "bimibad" -> dns.txt("default._bimi." + d, "v=BIMI1; l=http://x.test/logo.svg");
            case "bimiweak" -> dns.txt("default._bimi." + d, "v=BIMI1; l=https://x.test/logo.svg");
            case "tempdns" -> dns.timeout(d);
            default -> { }
        }
    }

    private void mx(String d, String label) {
        switch (label) {
            case "implicit" -> dns.a(d, "127.0.0.2");
            case "nothing" -> { }
            case "nullmx" -> dns.mx(d, 0, ".");
            case "nullmixed" -> dns.mx(d, 0, ".").mx(d, 10, "mx.shared.test");
            case "mxcname" -> dns.mx(d, 10, "alias." + d).cname("alias." + d, "mx.shared.test");
            case "mxnoaddr" -> dns.mx(d, 10, "mx.shared.test").mx(d, 20, "ghost." + d);
            case "mxghosts" -> dns.mx(d, 10, "ghost1." + d).mx(d, 20, "ghost2." + d);
            case "mxip" -> dns.mx(d, 10, "mx.shared.test").mx(d, 20, "192.0.2.1");
            case "daneunsigned" -> dns.mx(d, 10, "mx." + d).a("mx." + d, "127.0.0.2").tlsa("_25._tcp.mx." + d, 3, 1, 1, new byte[32]);
            case "daneusage" -> dns.mx(d, 10, "mx." + d).a("mx." + d, "127.0.0.2").tlsa("_25._tcp.mx." + d, 1, 1, 1, new byte[32])
                    .authenticated("_25._tcp.mx." + d);
            case "rdnsnone" -> dns.mx(d, 10, "mx." + d).a("mx." + d, "127.0.0.3");
            case "rdnsmismatch" -> dns.mx(d, 10, "mx." + d).a("mx." + d, "127.0.0.4").ptr("127.0.0.4", "elsewhere.test");
            case "listed" -> dns.mx(d, 10, "mx." + d).a("mx." + d, "127.0.0.5").ptr("127.0.0.5", "mx." + d)
                    .a("5.0.0.127.bl.test", "127.0.0.2");
            case "blrefused" -> dns.mx(d, 10, "mx." + d).a("mx." + d, "127.0.0.6").ptr("127.0.0.6", "mx." + d)
                    .a("6.0.0.127.bl.test", "127.255.255.254");
            default -> dns.mx(d, 10, "mx.shared.test");
        }
    }

    private String spf(String d, String label) {
        return switch (label) {
            case "spfnone" -> "not spf";
            case "spfmulti" -> {
                dns.txt(d, "v=spf1 -all");
                yield "v=spf1 mx -all";
            }
            case "spfsyntax" -> "v=spf1 mx foo:bar -all";
            case "spflookups" -> {
                for (int i = 0; i < 11; i++) {
                    dns.txt("s" + i + "." + d, i < 10 ? "v=spf1 include:s" + (i + 1) + "." + d + " -all" : "v=spf1 ip4:192.0.2.1 -all");
                }
                yield "v=spf1 include:s0." + d + " -all";
            }
            case "spfvoid" -> "v=spf1 a:v1." + d + " a:v2." + d + " a:v3." + d + " mx -all";
            case "spfplusall" -> "v=spf1 mx +all";
            case "spfneutral" -> "v=spf1 mx ?all";
            case "spfnoall" -> "v=spf1 mx";
            case "spfmissing" -> "v=spf1 mx include:nospf." + d + " -all";
            case "spfptr" -> "v=spf1 mx ptr -all";
            case "spfloop" -> "v=spf1 include:" + d + " -all";
            default -> "v=spf1 mx -all";
        };
    }

    private void dkim(String d, String label) {
        String name = "default._domainkey." + d;
        switch (label) {
            case "dkimnone" -> { }
            case "dkimweak" -> dns.txt(name, "v=DKIM1; k=rsa; p=" + KEY1024);
            case "dkimsmall" -> dns.txt(name, "v=DKIM1; k=rsa; p=" + KEY512);
            case "dkiminvalid" -> dns.txt(name, "v=DKIM1; k=rsa; p=!!notbase64!!");
            default -> dns.txt(name, "v=DKIM1; k=rsa; p=" + KEY2048);
        }
    }

    private void dmarc(String d, String label) {
        String name = "_dmarc." + d;
        String rua = "; rua=mailto:dmarc@" + d;
        switch (label) {
            case "inherit", "a" -> { }
            case "dmarcnone" -> { }
            case "dmarcmulti" -> dns.txt(name, "v=DMARC1; p=reject" + rua).txt(name, "v=DMARC1; p=none" + rua);
            case "dmarcsyntax" -> dns.txt(name, "v=DMARC1; p=maybe" + rua);
            case "dmarcpnone", "bimiweak" -> dns.txt(name, "v=DMARC1; p=none" + rua);
            case "dmarcnopolicy" -> dns.txt(name, "v=DMARC1" + rua);
            case "dmarctesting" -> dns.txt(name, "v=DMARC1; p=reject; t=y" + rua);
            case "dmarcpct" -> dns.txt(name, "v=DMARC1; p=reject; pct=50" + rua);
            case "dmarcnorua" -> dns.txt(name, "v=DMARC1; p=reject");
            case "dmarcext" -> dns.txt(name, "v=DMARC1; p=reject; rua=mailto:agg@reports.example");
            case "dmarcrufext" -> dns.txt(name, "v=DMARC1; p=reject" + rua + "; ruf=mailto:forensic@reports.example");
            case "dmarcruahttp" -> dns.txt(name, "v=DMARC1; p=reject; rua=https://reports.example/dmarc");
            case "dmarcextok" -> dns.txt(name, "v=DMARC1; p=reject; rua=mailto:agg@reports.example")
                    .txt(d + "._report._dmarc.reports.example", "v=DMARC1");
            default -> dns.txt(name, "v=DMARC1; p=reject" + rua);
        }
    }

    private void sts(String d, String label) {
        String name = "_mta-sts." + d;
        switch (label) {
            case "stsbadid" -> dns.txt(name, "v=STSv1; id=not-valid!");
            case "stsmulti" -> dns.txt(name, "v=STSv1; id=1").txt(name, "v=STSv1; id=2");
            case "stsunreachable" -> {
                dns.txt(name, "v=STSv1; id=1");
                policies.put(d, new PolicyFetcher.Result.Failed("connection refused"));
            }
            case "stsbadpolicy" -> {
                dns.txt(name, "v=STSv1; id=1");
                policies.put(d, new PolicyFetcher.Result.Fetched("version: STSv1\nmode: sometimes\n"));
            }
            case "stsmismatch" -> {
                dns.txt(name, "v=STSv1; id=1");
                policies.put(d, new PolicyFetcher.Result.Fetched("version: STSv1\nmode: enforce\nmx: other.test\nmax_age: 86400\n"));
            }
            case "ststesting" -> {
                dns.txt(name, "v=STSv1; id=1");
                policies.put(d, new PolicyFetcher.Result.Fetched("version: STSv1\nmode: testing\nmx: mx.shared.test\nmax_age: 86400\n"));
            }
            default -> dns.txt(name, "v=STSv1; id=20260101");
        }
    }

    private static String rsaKey(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
