package dev.facteur.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.store.Store;
import dev.facteur.store.TestStores;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue item 6: a child JVM runs the server on the real SQLite store; clients load it; the
 * child gets SIGKILL mid-run; after a restart every message that got 250 must be in INBOX.
 */
class SigkillDurabilityTest {
    private static final Pattern SUBJECT = Pattern.compile("Subject: (msg-\\d+-\\d+)\r\n");

    @TempDir
    Path dir;

    private Process startChild() throws IOException, InterruptedException {
        Files.deleteIfExists(dir.resolve("port"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DurabilityServerMain.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(dir.resolve("port"))) {
            assertThat(p.isAlive()).as("child died: " + Files.readString(dir.resolve("child.log"))).isTrue();
            assertThat(System.nanoTime()).as("child started in time").isLessThan(deadline);
            p.waitFor(50, TimeUnit.MILLISECONDS); // returns early if the child exits
        }
        return p;
    }

    private static InetSocketAddress address(Path dir) throws IOException {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(Files.readString(dir.resolve("port"))));
    }

    /** Sends messages until the connection breaks; records the subjects that got 250. */
    private static void load(InetSocketAddress a, int client, Set<String> acked, AtomicInteger total) {
        for (int i = 0; ; i++) {
            String subject = "msg-" + client + "-" + i;
            try (SmtpTestClient c = SmtpTestClient.connect(a)) {
                c.expect("220").ehlo().send("MAIL FROM:<load@remote.test>").expect("250")
                        .send("RCPT TO:<alice@example.com>").expect("250").send("DATA").expect("354")
                        .raw("Subject: " + subject + "\r\n\r\n" + ("body line for durability\r\n").repeat(40) + ".\r\n");
                String reply = c.line();
                if (reply != null && reply.startsWith("250 ")) {
                    acked.add(subject);
                    total.incrementAndGet();
                }
            } catch (IOException | AssertionError e) {
                return; // the server was killed
            }
        }
    }

    @Test
    void everyMessageAcknowledgedBeforeSigkillIsStoredAfterRestart() throws Exception {
        Process child = startChild();
        InetSocketAddress a = address(dir);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger total = new AtomicInteger();
        int clients = 8;
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int id = c;
            Thread.ofVirtual().start(() -> {
                try {
                    load(a, id, acked, total);
                } finally {
                    done.countDown();
                }
            });
        }
        while (total.get() < 300 && child.isAlive()) {
            child.waitFor(20, TimeUnit.MILLISECONDS); // returns early if the child exits
        }
        child.destroyForcibly(); // SIGKILL on Linux
        child.waitFor(30, TimeUnit.SECONDS);
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(acked).hasSizeGreaterThanOrEqualTo(300);

        Process again = startChild(); // recovery on restart
        try (SmtpTestClient c = SmtpTestClient.connect(address(dir))) {
            c.expect("220").ehlo().send("MAIL FROM:<after@remote.test>").expect("250")
                    .send("RCPT TO:<alice@example.com>").expect("250").send("DATA").expect("354")
                    .raw("Subject: msg-999-0\r\n\r\nafter restart\r\n.\r\n").expect("250");
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }

        Set<String> stored = new HashSet<>();
        try (Store store = TestStores.sqlite(dir.resolve("store"))) {
            StoreView view = new StoreView(store);
            List<byte[]> inbox = view.inbox(TestSmtpServer.ALICE);
            for (byte[] m : inbox) {
                Matcher matcher = SUBJECT.matcher(new String(m, StandardCharsets.UTF_8));
                if (matcher.find()) {
                    stored.add(matcher.group(1));
                }
            }
        }
        assertThat(stored).containsAll(acked).contains("msg-999-0");
    }
}
