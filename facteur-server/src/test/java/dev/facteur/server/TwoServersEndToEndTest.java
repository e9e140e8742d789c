package dev.facteur.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.core.config.ConfigLoader;
import dev.facteur.core.config.ListenerRole;
import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.sasl.StoredCredential;
import dev.facteur.store.Store;
import dev.facteur.testkit.dns.TestDnsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Facteur instances on 127.0.0.2 and 127.0.0.3, each serving its own domain, found through a
 * DNS server on loopback: mail submitted on one reaches the other's INBOX, read over IMAP.
 */
class TwoServersEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void mailSubmittedOnOneServerReachesTheOthersInbox() throws Exception {
        int mxPort = freePortOnBoth("127.0.0.2", "127.0.0.3");
        try (TestDnsServer dns = TestDnsServer.start()
                .mx("a.test", 10, "mx.a.test").a("mx.a.test", "127.0.0.2")
                .mx("b.test", 10, "mx.b.test").a("mx.b.test", "127.0.0.3")
                .txt("a.test", "v=spf1 ip4:127.0.0.0/8 -all").txt("b.test", "v=spf1 ip4:127.0.0.0/8 -all");
             FacteurServer a = FacteurServer.start(ConfigLoader.load(config("a", "127.0.0.2", mxPort, dns)));
             FacteurServer b = FacteurServer.start(ConfigLoader.load(config("b", "127.0.0.3", mxPort, dns)))) {
            addAccount("a", "a.test", "alice@a.test");
            addAccount("b", "b.test", "bob@b.test");

            String script = """
                    import smtplib, imaplib, sys, time
                    sub_port, imap_port = int(sys.argv[1]), int(sys.argv[2])
                    msg = ("From: alice@a.test\\r\\nTo: bob@b.test\\r\\nSubject: across\\r\\n"
                           "Message-ID: <x1@a.test>\\r\\n\\r\\nfrom a to b\\r\\n")
                    with smtplib.SMTP("127.0.0.2", sub_port, timeout=30) as s:
                        s.login("alice@a.test", "a long password")
                        s.sendmail("alice@a.test", ["bob@b.test"], msg)
                    deadline = time.time() + 60
                    while True:
                        m = imaplib.IMAP4("127.0.0.3", imap_port)
                        m.login("bob@b.test", "a long password")
                        m.select("INBOX")
                        typ, data = m.search(None, "SUBJECT", "across")
                        if data[0]:
                            typ, body = m.fetch(data[0].split()[-1], "(BODY.PEEK[])")
                            text = body[0][1].decode()
                            assert "from a to b" in text, text
                            assert "spf=pass" in text, text
                            m.logout()
                            print("ok")
                            break
                        m.logout()
                        if time.time() > deadline:
                            print("not delivered"); sys.exit(1)
                        time.sleep(0.2)
                    """;
            Path py = Files.writeString(dir.resolve("two.py"), script);
            Process p = new ProcessBuilder(Python.command(), py.toString(),
                    String.valueOf(a.port(ListenerRole.SUBMISSION).orElseThrow()),
                    String.valueOf(b.port(ListenerRole.IMAP).orElseThrow())).redirectErrorStream(true).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("ok");
        }
    }

    private Path config(String name, String ip, int mxPort, TestDnsServer dns) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        String toml = """
                hostname = "mx.%1$s.test"
                data_dir = "data"
                [dns]
                servers = ["%2$s"]
                timeout = "2s"
                [delivery]
                port = %3$d
                [listeners]
                smtp = "%4$s:%3$d"
                submission = "%4$s:0"
                submissions = "%4$s:0"
                imap = "%4$s:0"
                imaps = "%4$s:0"
                pop3 = false
                pop3s = false
                http = false
                """.formatted(name, dns.hostPort(), mxPort, ip);
        return Files.writeString(home.resolve("facteur.toml"), toml);
    }

    private void addAccount(String name, String domain, String address) throws Exception {
        try (Store store = StoreAccess.open(ConfigLoader.load(dir.resolve(name).resolve("facteur.toml")))) {
            store.directory().addDomain(Domain.of(domain));
            store.directory().addAccount(EmailAddress.parse(address),
                    StoredCredential.fromPassword("a long password").encode());
        }
    }

    /** A port free on both loopback addresses, so each instance's MX listens where the other delivers. */
    private static int freePortOnBoth(String first, String second) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s1 = new ServerSocket()) {
                s1.bind(new InetSocketAddress(InetAddress.getByName(first), 0));
                try (ServerSocket s2 = new ServerSocket()) {
                    s2.bind(new InetSocketAddress(InetAddress.getByName(second), s1.getLocalPort()));
                    return s1.getLocalPort();
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no port free on both " + first + " and " + second);
    }
}
