package dev.facteur.toolkit.web;

import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.toolkit.analyze.MessageAnalyzer;
import dev.facteur.toolkit.check.DomainCheckOptions;
import dev.facteur.toolkit.check.DomainChecker;
import dev.facteur.toolkit.check.PolicyFetcher;
import dev.facteur.toolkit.harness.FakeMailHost;
import dev.facteur.toolkit.harness.LoopbackInternet;
import dev.facteur.toolkit.server.ServerCheckOptions;
import dev.facteur.toolkit.server.ServerChecker;
import dev.facteur.toolkit.verify.AddressLists;
import dev.facteur.toolkit.verify.AddressVerifier;
import dev.facteur.toolkit.verify.VerifierConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** A loopback Internet with one half-configured domain and one mail host, and the API over it. */
final class WebFixture implements AutoCloseable {

    final LoopbackInternet net;
    final ToolkitApi api;
    final VerifyJobs jobs;
    final dev.facteur.toolkit.harness.FakeTlsServer tls;

    WebFixture() throws IOException {
        net = new LoopbackInternet();
        net.host("mx.web.test", "127.0.0.30", FakeMailHost.Behaviour.of(FakeMailHost.Mode.NORMAL, "alice"));
        net.dns().mx("web.test", 10, "mx.web.test").txt("web.test", "v=spf1 mx +all").ptr("127.0.0.30", "mx.web.test")
                .txt("_dmarc.web.test", "v=DMARC1; p=none; rua=mailto:d@web.test");
        DnsResolver dns = net.resolver(Duration.ofSeconds(2));
        InstantSource clock = InstantSource.system();
        DomainChecker domains = new DomainChecker(dns, clock, d -> new PolicyFetcher.Result.Failed("no policy server in tests"));
        DomainCheckOptions domainOptions = new DomainCheckOptions(List.of(), true, net.smtpPort(), List.of(), Duration.ofSeconds(2), "check.test");
        ServerChecker servers = new ServerChecker(h -> List.of(InetAddress.getLoopbackAddress()), clock);
        // IMAPS with TLS 1.2 and 1.3 (real JSSE), plus a canned no-forward-secrecy suite and a TLS 1.0 RC4 suite.
        try {
            java.time.Instant now = java.time.Instant.now();
            tls = new dev.facteur.toolkit.harness.FakeTlsServer(dev.facteur.toolkit.harness.TestCertificates.create("mail.web.test",
                    now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(60))).serverContext(), Map.of(
                    dev.facteur.toolkit.tls.TlsVersion.TLS_1_3, List.of("TLS_AES_128_GCM_SHA256"),
                    dev.facteur.toolkit.tls.TlsVersion.TLS_1_2, List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
                    dev.facteur.toolkit.tls.TlsVersion.TLS_1_0, List.of("TLS_RSA_WITH_RC4_128_SHA")), dev.facteur.toolkit.harness.FakeTlsServer.Mode.NORMAL);
        } catch (Exception e) {
            throw new IOException(e);
        }
        ServerCheckOptions serverOptions = new ServerCheckOptions(Map.of(dev.facteur.toolkit.server.Service.IMAPS, tls.port()), Duration.ofSeconds(2), Optional.empty(), "check.test");
        AddressVerifier verifier = new AddressVerifier(dns, VerifierConfig.defaults("verify.test").withPort(net.smtpPort())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(10)), AddressLists.shipped(), d -> { },
                RandomGenerator.of("L64X128MixRandom"));
        jobs = new VerifyJobs(verifier, clock, 4, 1000);
        api = new ToolkitApi(domains, domainOptions, servers, serverOptions, new MessageAnalyzer(dns, clock), verifier, jobs);
    }

    @Override
    public void close() throws IOException {
        tls.close();
        net.close();
    }
}
