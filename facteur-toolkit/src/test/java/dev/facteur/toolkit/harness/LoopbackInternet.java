package dev.facteur.toolkit.harness;

import dev.facteur.auth.dns.DnsResolver;
import dev.facteur.auth.dns.DnsjavaResolver;
import dev.facteur.testkit.dns.TestDnsServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small Internet on loopback: the in-process DNS server plus fake mail hosts on 127.0.0.x that
 * all listen on one shared port (the port the code under test connects to instead of 25).
 */
public final class LoopbackInternet implements AutoCloseable {

    private final TestDnsServer dns = TestDnsServer.start();
    private final List<FakeMailHost> hosts = new ArrayList<>();
    private final int port;

    public LoopbackInternet() throws IOException {
        this.port = freePortOnSeveralAddresses();
    }

    private static int freePortOnSeveralAddresses() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int candidate;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                candidate = s.getLocalPort();
            }
            if (freeOn(candidate, "127.0.0.2") && freeOn(candidate, "127.0.0.200")) {
                return candidate;
            }
        }
        throw new IOException("no port free on several loopback addresses");
    }

    private static boolean freeOn(int port, String ip) throws IOException {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(ip))) {
            return true;
        } catch (BindException e) {
            return false;
        }
    }

    public TestDnsServer dns() {
        return dns;
    }

    /** The SMTP port every fake host listens on. */
    public int smtpPort() {
        return port;
    }

    /** Starts a fake mail host at {@code ip} (127.0.0.x) and names it {@code name} in the DNS. */
    public FakeMailHost host(String name, String ip, FakeMailHost.Behaviour behaviour) throws IOException {
        FakeMailHost h = new FakeMailHost(InetAddress.getByName(ip), port, behaviour);
        hosts.add(h);
        dns.a(name, ip);
        return h;
    }

    /** A resolver that asks this Internet's DNS server, with a short timeout. */
    public DnsResolver resolver() {
        return resolver(Duration.ofMillis(400));
    }

    /** A resolver that asks this Internet's DNS server with the given timeout. */
    public DnsResolver resolver(Duration timeout) {
        return new DnsjavaResolver(DnsjavaResolver.Config.of(List.of(dns.hostPort()), timeout));
    }

    @Override
    public void close() throws IOException {
        for (FakeMailHost h : hosts) {
            h.close();
        }
        dns.close();
    }
}
