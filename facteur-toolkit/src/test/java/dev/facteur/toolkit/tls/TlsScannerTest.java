package dev.facteur.toolkit.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.toolkit.harness.FakeClientServer;
import dev.facteur.toolkit.harness.FakeTlsServer;
import dev.facteur.toolkit.harness.TestCertificates;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hand-built ClientHellos against real JSSE servers, a server with weak suites, and hostile peers. */
class TlsScannerTest {

    static TestCertificates.Identity good;

    @BeforeAll
    static void certificate() throws Exception {
        good = TestCertificates.create("mail.test", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    }

    /** Implicit TLS: a plain socket, each read bounded by one second. */
    static TlsScanner.Opener implicit(int port) {
        return remaining -> {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            s.setSoTimeout(1000);
            InputStream in = s.getInputStream();
            return new TlsScanner.Channel() {
                @Override
                public void write(byte[] data) throws IOException {
                    s.getOutputStream().write(data);
                }

                @Override
                public byte[] readExactly(int n) throws IOException {
                    byte[] b = in.readNBytes(n);
                    if (b.length < n) {
                        throw new EOFException();
                    }
                    return b;
                }

                @Override
                public void close() {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closed
                    }
                }
            };
        };
    }

    private static FakeClientServer jsse(String... protocols) throws Exception {
        return new FakeClientServer(new FakeClientServer.Behaviour(FakeClientServer.Protocol.IMAP, true, good.serverContext(), protocols,
                List.of(), List.of("PLAIN"), false, Map.of(), false));
    }

    @Test
    void aJsseServerWithTls12And13ShowsExactlyThoseVersionsAndOnlyStrongSuites() throws Exception {
        try (FakeClientServer s = jsse("TLSv1.3", "TLSv1.2")) {
            TlsScan scan = new TlsScanner(Duration.ofSeconds(30), 64).scan(implicit(s.port()), "mail.test");
            assertThat(scan.complete()).as(scan.problems().toString()).isTrue();
            assertThat(scan.versions()).containsExactly(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3);
            assertThat(scan.offers().get(1).suites()).extracting(CipherSuite::name)
                    .containsExactlyInAnyOrder("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
            // An EC key: only the ECDHE_ECDSA suites of TLS 1.2 can be chosen.
            assertThat(scan.offers().get(0).suites()).extracting(CipherSuite::name)
                    .contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")
                    .allMatch(n -> n.startsWith("TLS_ECDHE_ECDSA_"));
            assertThat(scan.suites(CipherSuite.Strength.WEAK)).isEmpty();
            assertThat(scan.suites(CipherSuite.Strength.INSECURE)).isEmpty();
        }
    }

    @Test
    void aJsseServerWithOnlyTls10IsSeenAsTls10Only() throws Exception {
        try (FakeClientServer s = jsse("TLSv1")) {
            TlsScan scan = new TlsScanner(Duration.ofSeconds(30), 64).scan(implicit(s.port()), "mail.test");
            assertThat(scan.versions()).containsExactly(TlsVersion.TLS_1_0);
            assertThat(scan.versions().getFirst().deprecated()).isTrue();
            assertThat(scan.offers().getFirst().suites()).extracting(CipherSuite::name).contains("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
        }
    }

    @Test
    void weakAndInsecureSuitesAreListedInTheServersOrder() throws Exception {
        Map<TlsVersion, List<String>> table = Map.of(
                TlsVersion.TLS_1_2, List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
                TlsVersion.TLS_1_0, List.of("TLS_RSA_WITH_RC4_128_SHA"));
        try (FakeTlsServer s = new FakeTlsServer(good.serverContext(), table, FakeTlsServer.Mode.NORMAL)) {
            TlsScan scan = new TlsScanner(Duration.ofSeconds(30), 64).scan(implicit(s.port()), "mail.test");
            assertThat(scan.complete()).as(scan.problems().toString()).isTrue();
            assertThat(scan.versions()).as(scan.problems().toString()).containsExactly(TlsVersion.TLS_1_0, TlsVersion.TLS_1_2);
            assertThat(scan.offers().get(1).suites()).extracting(CipherSuite::name).as(scan.problems().toString()).containsExactlyElementsOf(table.get(TlsVersion.TLS_1_2));
            assertThat(scan.suites(CipherSuite.Strength.WEAK)).containsExactly("TLS_RSA_WITH_AES_128_GCM_SHA256");
            assertThat(scan.suites(CipherSuite.Strength.INSECURE)).containsExactly("TLS_RSA_WITH_RC4_128_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA");
            // one connection per accepted suite plus one refusal per version
            assertThat(scan.connections()).isEqualTo(4 + TlsVersion.values().length);
        }
    }

    @Test
    void aServerThatStallsEndsTheScanWithinItsBudget() throws Exception {
        try (FakeTlsServer s = new FakeTlsServer(good.serverContext(), Map.of(), FakeTlsServer.Mode.STALL)) {
            long t0 = System.nanoTime();
            TlsScan scan = new TlsScanner(Duration.ofSeconds(3), 64).scan(implicit(s.port()), "mail.test");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            assertThat(scan.complete()).isFalse();
            assertThat(scan.offers()).isEmpty();
            assertThat(scan.problems()).anyMatch(p -> p.contains("no answer in time"));
        }
    }

    @Test
    void garbageEndlessRecordsAndUnofferedSuitesAreProblemsNotAcceptedSuites() throws Exception {
        Map<TlsVersion, List<String>> table = Map.of(TlsVersion.TLS_1_2, List.of("TLS_RSA_WITH_AES_128_GCM_SHA256"));
        for (FakeTlsServer.Mode mode : List.of(FakeTlsServer.Mode.GARBAGE, FakeTlsServer.Mode.ENDLESS, FakeTlsServer.Mode.UNOFFERED)) {
            try (FakeTlsServer s = new FakeTlsServer(good.serverContext(), table, mode)) {
                TlsScan scan = new TlsScanner(Duration.ofSeconds(20), 64).scan(implicit(s.port()), "mail.test");
                assertThat(scan.offers()).as(mode.name()).isEmpty();
                assertThat(scan.problems()).as(mode.name()).anyMatch(p -> p.contains(switch (mode) {
                    case GARBAGE -> "not a TLS record";
                    case ENDLESS -> "longer than";
                    default -> "which was not offered";
                }));
            }
        }
    }

    @Test
    void suitesAreJudgedByTheirParts() {
        assertThat(CipherSuite.judge("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")).isEqualTo(CipherSuite.Strength.STRONG);
        assertThat(CipherSuite.judge("TLS_AES_128_GCM_SHA256")).isEqualTo(CipherSuite.Strength.STRONG);
        assertThat(CipherSuite.judge("TLS_RSA_WITH_AES_256_CBC_SHA")).isEqualTo(CipherSuite.Strength.WEAK);
        assertThat(CipherSuite.judge("TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256")).isEqualTo(CipherSuite.Strength.WEAK);
        for (String broken : List.of("TLS_RSA_WITH_NULL_SHA", "TLS_DH_anon_WITH_AES_128_CBC_SHA", "TLS_RSA_EXPORT_WITH_RC4_40_MD5",
                "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "TLS_DHE_RSA_WITH_DES_CBC_SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_IDEA_CBC_SHA")) {
            assertThat(CipherSuite.judge(broken)).as(broken).isEqualTo(CipherSuite.Strength.INSECURE);
        }
        assertThat(CipherSuite.LEGACY.stream().map(CipherSuite::code).distinct().count()).isEqualTo(CipherSuite.LEGACY.size());
    }
}
