package dev.facteur.auth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facteur.auth.dkim.DkimResult;
import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.auth.spf.SpfResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class DmarcVerifierTest {

    static DkimResult dkimPass(String d) {
        return new DkimResult.Pass(new DkimResult.Info(d, "s", "@" + d, "abcdefgh", "rsa-sha256"), 2048, false);
    }

    static final SpfResult SPF_PASS = new SpfResult.Pass("+mx");
    static final SpfResult SPF_FAIL = new SpfResult.Fail("-all", java.util.Optional.empty());

    @Test
    void parsesRfc9989TagsAndStaysCompatibleWithRfc7489Records() throws Exception {
        DmarcRecord r = DmarcRecord.parse("v=DMARC1; p=reject; sp=quarantine; np=reject; psd=n; t=y; adkim=s; aspf=r; "
                + "rua=mailto:a@example.com!10m,https://x.example; ruf=mailto:f@example.com; fo=1; unknown=1");
        assertThat(r.policy()).isEqualTo(DmarcRecord.Policy.REJECT);
        assertThat(r.subdomainPolicy()).contains(DmarcRecord.Policy.QUARANTINE);
        assertThat(r.nonexistentPolicy()).contains(DmarcRecord.Policy.REJECT);
        assertThat(r.psd()).isEqualTo(DmarcRecord.Psd.NO);
        assertThat(r.testing()).isTrue();
        assertThat(r.dkimAlignment()).isEqualTo(DmarcRecord.Alignment.STRICT);
        assertThat(r.aggregateUris()).containsExactly("mailto:a@example.com");
        DmarcRecord old = DmarcRecord.parse("v=DMARC1; p=quarantine; pct=50; rf=afrf; ri=86400");
        assertThat(old.testing()).as("pct below 100 reads as t=y").isTrue();
        assertThat(DmarcRecord.parse("v=DMARC1; rua=mailto:a@example.com").policy()).isEqualTo(DmarcRecord.Policy.NONE);
        assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1; p=bogus")).isInstanceOf(DmarcRecord.InvalidRecord.class);
        assertThatThrownBy(() -> DmarcRecord.parse("v=spf1 -all")).isInstanceOf(DmarcRecord.InvalidRecord.class);
    }

    @Test
    void theTreeWalkJumpsToSevenLabelsThenDropsOneAtATime() {
        assertThat(DmarcDiscovery.walk("a.b.c.d.e.f.g.h.example.com")).containsExactly("a.b.c.d.e.f.g.h.example.com",
                "d.e.f.g.h.example.com", "e.f.g.h.example.com", "f.g.h.example.com", "g.h.example.com", "h.example.com", "example.com", "com");
        assertThat(DmarcDiscovery.walk("mail.example.com")).containsExactly("mail.example.com", "example.com", "com");
    }

    @Test
    void findsThePolicyOfTheOrganisationalDomainAndAppliesSpToSubdomains() {
        InMemoryDnsResolver dns = new InMemoryDnsResolver().txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine")
                .a("news.example.com", "192.0.2.1");
        DmarcVerifier v = new DmarcVerifier(dns);
        DmarcResult r = v.evaluate("news.example.com", SPF_FAIL, "evil.test", List.of());
        assertThat(r).isInstanceOfSatisfying(DmarcResult.Fail.class, f -> {
            assertThat(f.applied()).isEqualTo(DmarcRecord.Policy.QUARANTINE);
            assertThat(f.disposition()).isEqualTo(Disposition.QUARANTINE);
        });
        assertThat(v.evaluate("example.com", SPF_FAIL, "evil.test", List.of()).disposition()).isEqualTo(Disposition.REJECT);
    }

    @Test
    void appliesNpToNonexistentSubdomains() {
        InMemoryDnsResolver dns = new InMemoryDnsResolver().txt("_dmarc.example.com", "v=DMARC1; p=none; sp=none; np=reject");
        DmarcResult r = new DmarcVerifier(dns).evaluate("ghost.example.com", SPF_FAIL, "evil.test", List.of());
        assertThat(r.disposition()).isEqualTo(Disposition.REJECT);
    }

    @Test
    void relaxedAlignmentAcceptsTheSameOrganisationalDomainAndStrictDoesNot() {
        InMemoryDnsResolver dns = new InMemoryDnsResolver().txt("_dmarc.example.com", "v=DMARC1; p=reject")
                .txt("_dmarc.strict.test", "v=DMARC1; p=reject; adkim=s; aspf=s");
        DmarcVerifier v = new DmarcVerifier(dns);
        assertThat(v.evaluate("example.com", SPF_FAIL, "", List.of(dkimPass("mail.example.com"))))
                .isInstanceOfSatisfying(DmarcResult.Pass.class, p -> assertThat(p.dkimAligned()).isTrue());
        assertThat(v.evaluate("example.com", SPF_PASS, "bounces.example.com", List.of()))
                .isInstanceOfSatisfying(DmarcResult.Pass.class, p -> assertThat(p.spfAligned()).isTrue());
        assertThat(v.evaluate("strict.test", SPF_PASS, "bounces.strict.test", List.of(dkimPass("mail.strict.test"))))
                .isInstanceOf(DmarcResult.Fail.class);
        assertThat(v.evaluate("strict.test", SPF_FAIL, "", List.of(dkimPass("strict.test")))).isInstanceOf(DmarcResult.Pass.class);
        assertThat(v.evaluate("example.com", SPF_PASS, "example.net", List.of(dkimPass("example.org"))))
                .isInstanceOf(DmarcResult.Fail.class);
    }

    @Test
    void psdRecordsBoundTheOrganisationalDomain() {
        InMemoryDnsResolver dns = new InMemoryDnsResolver().txt("_dmarc.suffix.test", "v=DMARC1; p=reject; psd=y");
        DmarcVerifier v = new DmarcVerifier(dns);
        assertThat(v.discovery().organizationalDomain("a.b.suffix.test")).isEqualTo("b.suffix.test");
        // Two registrants under one public suffix do not align with each other.
        assertThat(v.evaluate("alice.suffix.test", SPF_FAIL, "", List.of(dkimPass("mallory.suffix.test"))))
                .isInstanceOf(DmarcResult.Fail.class);
        InMemoryDnsResolver org = new InMemoryDnsResolver().txt("_dmarc.corp.test", "v=DMARC1; p=none; psd=n")
                .txt("_dmarc.test", "v=DMARC1; p=reject; psd=y");
        assertThat(new DmarcDiscovery(org).organizationalDomain("x.y.corp.test")).isEqualTo("corp.test");
    }

    @Test
    void testingModeSoftensTheDisposition() {
        InMemoryDnsResolver dns = new InMemoryDnsResolver().txt("_dmarc.example.com", "v=DMARC1; p=reject; t=y");
        assertThat(new DmarcVerifier(dns).evaluate("example.com", SPF_FAIL, "", List.of()).disposition())
                .isEqualTo(Disposition.QUARANTINE);
    }

    @Test
    void noRecordIsNoneAndDnsFailureIsTempError() {
        assertThat(new DmarcVerifier(new InMemoryDnsResolver()).evaluate("example.com", SPF_FAIL, "", List.of()))
                .isInstanceOf(DmarcResult.None.class);
        assertThat(new DmarcVerifier(new InMemoryDnsResolver().timeout("_dmarc.example.com"))
                .evaluate("example.com", SPF_FAIL, "", List.of())).isInstanceOf(DmarcResult.TempError.class);
        InMemoryDnsResolver two = new InMemoryDnsResolver().txt("_dmarc.example.com", "v=DMARC1; p=reject")
                .txt("_dmarc.example.com", "v=DMARC1; p=none");
        assertThat(new DmarcVerifier(two).evaluate("example.com", SPF_FAIL, "", List.of())).isInstanceOf(DmarcResult.None.class);
    }

    @Test
    void extractsAuthorDomainsFromDisplayNamesCommentsAndGroups() {
        assertThat(AuthorDomains.addresses("\"Doe, John\" <john@Example.COM> (comment @x), jane@example.org"))
                .containsExactly("john@Example.COM", "jane@example.org");
    }
}
