package dev.facteur.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.store.Store;
import dev.facteur.store.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STYLE.md "Concurrency": records {@code jdk.VirtualThreadPinned} while a short SMTP load runs
 * against an in-process server on the SQLite store, and fails on any pin whose stack is in
 * protocol code (SMTP or the listener). The SQLite driver is native; its writer runs on the
 * store's own platform thread, where pinning does not apply. The load runs once to warm up
 * (class loading pins once) and again under the recording; a control pin, made on purpose, proves
 * the recording would catch one. Pins of the test's own client threads are not the server's.
 */
class VirtualThreadPinningTest {
    private static final int SESSIONS = 8;
    private static final int MESSAGES_PER_SESSION = 5;

    @TempDir
    Path dir;

    /** Parks inside a class initializer: a virtual thread stays pinned there (JEP 491 leaves this case). */
    static final class PinsWhileInitialising {
        static {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }

        static void touch() {
        }
    }

    @Test
    void anSmtpLoadOnSqliteNeverPinsACarrierInProtocolCode() throws Exception {
        List<RecordedEvent> pins;
        try (Store store = TestStores.sqlite(dir.resolve("store"));
             TestSmtpServer server = TestSmtpServer.start(dir, store);
             Recording recording = new Recording()) {
            // Warm up first: loading and initialising classes pins a virtual thread once (JEP 491 leaves
            // class initialisation pinned); what must never pin is the steady state.
            runLoad(server);
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            Thread.ofVirtual().start(PinsWhileInitialising::touch).join();
            runLoad(server);
            recording.stop();
            Path file = dir.resolve("pins.jfr");
            recording.dump(file);
            pins = RecordingFile.readAllEvents(file);
            assertThat(new StoreView(store).inbox(TestSmtpServer.ALICE)).hasSize(2 * SESSIONS * MESSAGES_PER_SESSION);
        }
        assertThat(pins).as("the control pin was recorded").anyMatch(e -> inFrames(e, "PinsWhileInitialising"));
        List<String> protocolPins = pins.stream()
                .filter(e -> !inFrames(e, "PinsWhileInitialising"))
                .filter(e -> !inFrames(e, "SmtpTestClient") && !inFrames(e, "VirtualThreadPinningTest")) // the load generator
                .filter(e -> inFrames(e, "dev.facteur.smtp.") || inFrames(e, "dev.facteur.core.net."))
                .map(VirtualThreadPinningTest::describe).toList();
        assertThat(protocolPins).as("pins in protocol code paths").isEmpty();
    }

    private static void runLoad(TestSmtpServer server) throws Exception {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
                int session = s;
                done.add(clients.submit(() -> {
                    try (SmtpTestClient c = SmtpTestClient.connect(server.mx())) {
                        c.expect("220").ehlo();
                        for (int m = 0; m < MESSAGES_PER_SESSION; m++) {
                            c.send("MAIL FROM:<load@remote.test>").expect("250")
                                    .send("RCPT TO:<alice@example.com>").expect("250")
                                    .send("DATA").expect("354")
                                    .raw("Subject: " + session + "-" + m + "\r\n\r\n" + "x".repeat(500) + "\r\n.\r\n")
                                    .expect("250 2.0.0");
                        }
                        c.send("QUIT").expect("221");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    private static boolean inFrames(RecordedEvent e, String prefix) {
        return e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
                .anyMatch(f -> f.getMethod().getType().getName().startsWith(prefix)
                        || f.getMethod().getType().getName().contains(prefix));
    }

    private static String describe(RecordedEvent e) {
        StringBuilder b = new StringBuilder("pinned " + e.getDuration().toMillis() + " ms at");
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            b.append("\n  ").append(f.getMethod().getType().getName()).append('.').append(f.getMethod().getName())
                    .append(':').append(f.getLineNumber());
        }
        return b.toString();
    }
}
