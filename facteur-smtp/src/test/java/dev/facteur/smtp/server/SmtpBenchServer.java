package dev.facteur.smtp.server;

import dev.facteur.auth.dns.DnsServerAddress;
import dev.facteur.auth.dns.DnsjavaResolver;
import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.net.ConnectionObserver;
import dev.facteur.core.net.ListenerResources;
import dev.facteur.core.net.ListenerSettings;
import dev.facteur.core.net.ProxyProtocol;
import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.core.sasl.StoredCredential;
import dev.facteur.core.sasl.ThrottleSettings;
import dev.facteur.smtp.proto.MessageBuffer;
import dev.facteur.smtp.server.auth.MailAuthPolicy;
import dev.facteur.store.Store;
import dev.facteur.store.StoreSettings;
import dev.facteur.store.Stores;
import dev.facteur.testkit.dns.TestDnsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The server for bench/smtp/smtp-bench.sh, wired as {@code facteur serve} wires port 25: the MX
 * listener on 127.0.0.1:PORT over the embedded SQLite store in DIR, durable acceptance, SPF, DKIM
 * and DMARC checks (MailAuthPolicy) against a DNS server on loopback (so no lookup waits on a
 * timeout), meters registered, a spool under DIR, one global connection limit; delivering into the
 * INBOX of USER@DOMAIN. Usage: {@code SmtpBenchServer DIR PORT DOMAIN USER}.
 */
public final class SmtpBenchServer {
    private SmtpBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        Domain domain = Domain.of(args[2]);
        Store store = Stores.open(StoreSettings.sqlite(dir), InstantSource.system());
        if (store.directory().findDomain(domain).isEmpty()) {
            store.directory().addDomain(domain);
            store.directory().addAccount(EmailAddress.parse(args[3] + "@" + domain),
                    StoredCredential.fromPassword("bench").encode());
        }
        TestDnsServer dns = TestDnsServer.start(); // answers NXDOMAIN for the bench's sender domain
        DnsjavaResolver resolver = new DnsjavaResolver(new DnsjavaResolver.Config(List.of(
                new DnsServerAddress("127.0.0.1", dns.port())),
                Duration.ofSeconds(2), 10_000, InstantSource.system()));
        ListenerSettings listener = new ListenerSettings("smtp", new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                false, 2000, 1000, Duration.ofSeconds(30), ProxyProtocol.OFF, List.of());
        SmtpServerSettings settings = new SmtpServerSettings("bench.facteur.test",
                List.of(new SmtpListenerSettings(listener, SmtpRole.MX)), SmtpLimits.defaults(), false,
                Optional.of(new MessageBuffer.Spool(dir.resolve("spool"), 1024 * 1024)));
        SmtpServices services = new SmtpServices(store, Optional.empty(),
                new SaslAuthenticator(new StoreCredentialLookup(store.directory()), TestSmtpServer.FAST, Optional.empty()),
                new AuthThrottle(ThrottleSettings.defaults(), InstantSource.system()),
                new PolicyChain(List.of(MailAuthPolicy.create(resolver, "bench.facteur.test", InstantSource.system()))),
                OutboundSigner.NONE, InstantSource.system(), new SimpleMeterRegistry());
        SmtpServer server = new SmtpServer(settings, services);
        server.start(ListenerResources.shared(10_000, ConnectionObserver.NONE));
        System.out.println("READY " + server.address(SmtpRole.MX).getPort());
        Thread.currentThread().join();
    }
}
