package dev.facteur.testkit.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class TestDnsServerTest {

    private static Message ask(TestDnsServer dns, String name, int type, boolean tcp) throws Exception {
        SimpleResolver r = new SimpleResolver(new java.net.InetSocketAddress("127.0.0.1", dns.port()));
        r.setTCP(tcp);
        r.setTimeout(Duration.ofMillis(500));
        return r.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
    }

    @Test
    void answersAddressMxAndTxtOverUdpAndTcp() throws Exception {
        try (TestDnsServer dns = TestDnsServer.start()) {
            dns.a("mx.example.test", "127.0.0.2").mx("example.test", 10, "mx.example.test").txt("example.test", "v=spf1 -all");
            for (boolean tcp : new boolean[] {false, true}) {
                assertThat(ask(dns, "mx.example.test", Type.A, tcp).getSection(Section.ANSWER)).hasSize(1);
                assertThat(ask(dns, "example.test", Type.MX, tcp).getSection(Section.ANSWER).getFirst().rdataToString())
                        .isEqualTo("10 mx.example.test.");
                assertThat(ask(dns, "example.test", Type.TXT, tcp).getSection(Section.ANSWER).getFirst().rdataToString())
                        .isEqualTo("\"v=spf1 -all\"");
            }
            assertThat(dns.tcpQueryCount()).isEqualTo(3);
        }
    }

    @Test
    void distinguishesNxdomainFromNodata() throws Exception {
        try (TestDnsServer dns = TestDnsServer.start()) {
            dns.a("host.example.test", "127.0.0.2");
            Message nodata = ask(dns, "host.example.test", Type.MX, false);
            assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
            assertThat(ask(dns, "missing.example.test", Type.A, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        }
    }

    @Test
    void splitsLongTxtIntoCharacterStringsAndFallsBackToTcp() throws Exception {
        try (TestDnsServer dns = TestDnsServer.start()) {
            String key = "p=" + "A".repeat(2000);
            dns.txt("sel._domainkey.example.test", "v=DKIM1; k=rsa; " + key);
            SimpleResolver r = new SimpleResolver(new java.net.InetSocketAddress("127.0.0.1", dns.port()));
            r.setTimeout(Duration.ofSeconds(2));
            Message m = r.send(Message.newQuery(Record.newRecord(Name.fromString("sel._domainkey.example.test."), Type.TXT, DClass.IN)));
            TXTRecord txt = (TXTRecord) m.getSection(Section.ANSWER).getFirst();
            assertThat(txt.getStrings()).hasSize(8);
            assertThat(String.join("", txt.getStrings())).isEqualTo("v=DKIM1; k=rsa; " + key);
            assertThat(dns.tcpQueryCount()).isEqualTo(1);
        }
    }

    @Test
    void followsCnameAndSetsAdBitWhenAsked() throws Exception {
        try (TestDnsServer dns = TestDnsServer.start()) {
            dns.cname("alias.example.test", "real.example.test").tlsa("real.example.test", 3, 1, 1, new byte[32])
                    .authenticated("alias.example.test").authenticated("real.example.test");
            Message m = ask(dns, "alias.example.test", Type.TLSA, false);
            assertThat(m.getSection(Section.ANSWER)).extracting(Record::getType).containsExactly(Type.CNAME, Type.TLSA);
            assertThat(m.getHeader().getFlag(Flags.AD)).isTrue();
        }
    }

    @Test
    void simulatesServfailAndSilence() throws Exception {
        try (TestDnsServer dns = TestDnsServer.start()) {
            dns.servfail("broken.example.test").timeout("slow.example.test");
            assertThat(ask(dns, "broken.example.test", Type.A, false).getRcode()).isEqualTo(Rcode.SERVFAIL);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ask(dns, "slow.example.test", Type.A, false))
                    .isInstanceOf(java.io.IOException.class);
            assertThat(dns.queries()).contains("A slow.example.test");
        }
    }
}
