package dev.facteur.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.smtp.proto.MessageBuffer;
import dev.facteur.store.Store;
import dev.facteur.store.TestStores;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages above the spool threshold go to a file while they arrive, and the file never outlives them. */
class SpoolTest {
    private static final int THRESHOLD = 4096;

    @TempDir
    Path dir;

    private Store store;
    private TestSmtpServer server;
    private Path spool;

    @BeforeEach
    void start() throws IOException {
        store = TestStores.sqlite(dir.resolve("store"));
        spool = dir.resolve("spool");
        server = new TestSmtpServer(dir, store, SmtpLimits.defaults(), TestSmtpServer.throttle(), 100,
                new TestSmtpServer.Extras(Optional.of(new MessageBuffer.Spool(spool, THRESHOLD)),
                        new CompositeMeterRegistry()));
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    /** A message of {@code lines} 78-octet lines (well above the threshold for 1000 lines). */
    private static String body(int lines) {
        StringBuilder b = new StringBuilder("Subject: large\r\n\r\n");
        for (int i = 0; i < lines; i++) {
            b.append(String.format("%05d", i)).append("x".repeat(71)).append("\r\n");
        }
        return b.toString();
    }

    private void awaitSpoolEmpty() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (spoolFiles() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private long spoolFiles() throws IOException {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(spool)) {
            return s.count();
        }
    }

    @Test
    void aLargeDataMessageIsSpooledAndDeliveredIntactAndTheSpoolFileDeleted() throws Exception {
        String message = body(1000);
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<alice@example.com>").expect("250")
                    .send("DATA").expect("354").raw(message + ".\r\n").expect("250 2.0.0");
            assertThat(spoolFiles()).as("spool file deleted once delivered").isZero();
            c.send("QUIT").expect("221");
        }
        assertThat(Files.isDirectory(spool)).as("the large message went through the spool").isTrue();
        String stored = new String(new StoreView(store).inbox(TestSmtpServer.ALICE).getFirst(), StandardCharsets.UTF_8);
        assertThat(stored).endsWith(message);
    }

    @Test
    void aLargeBdatMessageIsSpooledAndDeliveredIntact() throws Exception {
        byte[] message = body(1000).getBytes(StandardCharsets.US_ASCII);
        int half = message.length / 2;
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<alice@example.com>").expect("250")
                    .send("BDAT " + half).raw(java.util.Arrays.copyOfRange(message, 0, half)).expect("250")
                    .send("BDAT " + (message.length - half) + " LAST")
                    .raw(java.util.Arrays.copyOfRange(message, half, message.length)).expect("250 2.0.0");
            assertThat(spoolFiles()).isZero();
        }
        byte[] stored = new StoreView(store).inbox(TestSmtpServer.ALICE).getFirst();
        assertThat(new String(stored, StandardCharsets.US_ASCII)).endsWith(new String(message, StandardCharsets.US_ASCII));
    }

    @Test
    void theSpoolFileOfADroppedConnectionIsDeleted() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<alice@example.com>").expect("250")
                    .send("DATA").expect("354").raw(body(1000)); // no end of data: the client goes away
            // A NOOP-free way to know the server has spooled: the file appears once the threshold is passed.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (spoolFiles() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(spoolFiles()).as("the message is being spooled").isEqualTo(1);
        }
        awaitSpoolEmpty();
        assertThat(spoolFiles()).as("spool file deleted after the connection dropped").isZero();
        assertThat(new StoreView(store).inbox(TestSmtpServer.ALICE)).isEmpty();
    }

    @Test
    void rsetDeletesTheSpooledChunksOfAnUnfinishedBdatTransaction() throws Exception {
        byte[] chunk = body(1000).getBytes(StandardCharsets.US_ASCII);
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<alice@example.com>").expect("250")
                    .send("BDAT " + chunk.length).raw(chunk).expect("250");
            assertThat(spoolFiles()).isEqualTo(1);
            c.send("RSET").expect("250");
            assertThat(spoolFiles()).isZero();
        }
    }

    @Test
    void aSpooledMessageOverTheSizeLimitIsRefusedAndItsFileDeleted() throws Exception {
        store.close();
        server.close();
        store = TestStores.sqlite(dir.resolve("store2"));
        SmtpLimits d = SmtpLimits.defaults();
        server = new TestSmtpServer(dir, store, new SmtpLimits(40_000, d.maxRecipients(), d.maxErrors(),
                d.commandTimeout(), d.unauthenticatedTimeout(), d.dataTimeout(), d.maxReceivedHeaders(),
                d.preGreetingWait()), TestSmtpServer.throttle(), 100,
                new TestSmtpServer.Extras(Optional.of(new MessageBuffer.Spool(spool, THRESHOLD)), new CompositeMeterRegistry()));
        try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
            c.expect("220").ehlo().send("MAIL FROM:<s@remote.test>").expect("250")
                    .send("RCPT TO:<alice@example.com>").expect("250")
                    .send("DATA").expect("354").raw(body(1000) + ".\r\n").expect("552");
            assertThat(spoolFiles()).isZero();
        }
    }
}
