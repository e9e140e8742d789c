package dev.facteur.smtp.outbound;

import static dev.facteur.smtp.outbound.DeliveryHarness.rcpt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import dev.facteur.core.net.ListenerSettings;
import dev.facteur.core.sasl.AuthThrottle;
import dev.facteur.core.sasl.SaslAuthenticator;
import dev.facteur.core.sasl.StoredCredential;
import dev.facteur.core.sasl.ThrottleSettings;
import dev.facteur.core.security.PasswordHasher;
import dev.facteur.smtp.server.OutboundSigner;
import dev.facteur.smtp.server.PolicyChain;
import dev.facteur.smtp.server.SmtpLimits;
import dev.facteur.smtp.server.SmtpListenerSettings;
import dev.facteur.smtp.server.SmtpRole;
import dev.facteur.smtp.server.SmtpServer;
import dev.facteur.smtp.server.SmtpServerSettings;
import dev.facteur.smtp.server.SmtpServices;
import dev.facteur.smtp.server.StoreCredentialLookup;
import dev.facteur.store.Mailbox;
import dev.facteur.store.MessageRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole Postfix from Debian as a real peer MTA, in both directions: Facteur's delivery service
 * hands mail to Postfix's smtpd (found through the in-process DNS MX, on the configured delivery
 * port), and Postfix's smtp client relays into Facteur's MX listener through a transport to
 * {@code [127.0.0.1]:port}. Postfix runs with its own directories under the test's temporary one.
 */
class PostfixPeerTest {
    private static final String BODY = "From: alice@a.test\r\nTo: bob@pf.test\r\nSubject: to postfix\r\n"
            + "Message-ID: <peer1@a.test>\r\n\r\n.a line starting with a dot\r\nbody\r\n";

    @TempDir
    Path dir;
    private DeliveryHarness h;

    @BeforeEach
    void world() {
        h = new DeliveryHarness(dir.resolve("store"));
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void facteurDeliversToPostfixFoundThroughMx() throws Exception {
        try (PostfixInstance postfix = PostfixInstance.start(dir, "127.0.0.6", "pf.test", List.of())) {
            h.dns.mx("pf.test", 10, "mx.pf.test").a("mx.pf.test", "127.0.0.6");
            DeliverySettings b = h.settings();
            DeliverySettings toPostfix = new DeliverySettings(b.hostname(), postfix.port, b.lifetime(), Optional.empty(),
                    Optional.empty(), Map.of(), 8, 4, b.destinationWait(), b.lease(), b.pollInterval(), false, false,
                    false, b.client(), "node-a");
            h.enqueue("alice@a.test", BODY, rcpt("bob@pf.test"), rcpt("carol@pf.test"));
            h.service(toPostfix).deliverDue();
            assertThat(h.store.queue().size()).as(postfix.log()).isZero();
            assertThat(h.dsns).isEmpty();
            await(() -> postfix.delivered().size() == 2, postfix);
            assertThat(postfix.delivered()).allSatisfy(m -> {
                assertThat(m).contains("Return-Path: <alice@a.test>");
                assertThat(m).contains("Message-ID: <peer1@a.test>");
                assertThat(m).contains("\n.a line starting with a dot\nbody\n");
            });
            assertThat(postfix.log()).contains("from=<alice@a.test>", "to=<bob@pf.test>", "to=<carol@pf.test>",
                    "status=sent");
        }
    }

    @Test
    void postfixRelaysIntoFacteursMxListener() throws Exception {
        PasswordHasher fast = new PasswordHasher(new PasswordHasher.Parameters(8, 1, 1));
        h.store.directory().addDomain(Domain.of("fa.test"));
        EmailAddress bob = EmailAddress.parse("bob@fa.test");
        h.store.directory().addAccount(bob, StoredCredential.fromPassword("bob's password", fast, 4096).encode());
        SmtpServer facteur = new SmtpServer(new SmtpServerSettings("mx.fa.test", List.of(
                new SmtpListenerSettings(ListenerSettings.loopback("smtp", false), SmtpRole.MX)),
                SmtpLimits.defaults(), false),
                new SmtpServices(h.store, Optional.empty(), new SaslAuthenticator(
                        new StoreCredentialLookup(h.store.directory()), fast, Optional.empty()),
                        new AuthThrottle(ThrottleSettings.defaults(), h.clock), PolicyChain.EMPTY, OutboundSigner.NONE,
                        h.clock));
        facteur.start();
        int mx = facteur.address(SmtpRole.MX).getPort();
        try (PostfixInstance postfix = PostfixInstance.start(dir, "127.0.0.7", "pf.test",
                List.of("fa.test=127.0.0.1:" + mx))) {
            submit(postfix, "carol@pf.test", "bob@fa.test",
                    "From: carol@pf.test\r\nTo: bob@fa.test\r\nSubject: from postfix\r\n\r\nrelayed by postfix\r\n");
            long account = h.store.directory().findAccount(bob).orElseThrow().id();
            long inbox = h.store.mailboxes().find(account, Mailbox.INBOX).orElseThrow().id();
            await(() -> !h.store.mailboxes().messages(inbox).isEmpty(), postfix);
            MessageRecord m = h.store.mailboxes().messages(inbox).getFirst();
            String text;
            try (InputStream in = h.store.blobs().open(m.blob())) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(text).startsWith("Return-Path: <carol@pf.test>\r\n");
            assertThat(text).contains("by mx.pf.test (Postfix)", "Subject: from postfix", "relayed by postfix\r\n");
            // Postfix logs the delivery after Facteur's 250 reached it: wait for the line.
            String relayed = "to=<bob@fa.test>, relay=127.0.0.1[127.0.0.1]:" + mx;
            await(() -> postfix.log().contains(relayed) && postfix.log().contains("status=sent"), postfix);
            assertThat(postfix.log()).contains(relayed, "status=sent");
        } finally {
            facteur.close();
        }
    }

    /** One message into Postfix's smtpd, as any client would. */
    private static void submit(PostfixInstance postfix, String from, String to, String message) throws IOException {
        try (Socket s = new Socket(postfix.address, postfix.port)) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            expect(in, "220");
            for (String[] step : new String[][] {{"EHLO client.test", "250"}, {"MAIL FROM:<" + from + ">", "250"},
                    {"RCPT TO:<" + to + ">", "250"}, {"DATA", "354"}, {message + ".", "250"}, {"QUIT", "221"}}) {
                out.write((step[0] + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                expect(in, step[1]);
            }
        }
    }

    private static void expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null || !line.startsWith(code)) {
                throw new IOException("expected " + code + ", got " + line);
            }
        } while (line.charAt(3) == '-');
    }

    /** Waits for Postfix's asynchronous queue manager to finish; fails with its log. */
    private static void await(BooleanSupplier done, PostfixInstance postfix) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                org.junit.jupiter.api.Assertions.fail("Postfix did not finish in time:\n" + postfix.log());
            }
            // Postfix's queue manager works on its own schedule: poll its files gently, not in a spin
            // that takes a core from the processes it waits for.
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
