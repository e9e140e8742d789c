package dev.facteur.bench.store;

import dev.facteur.store.Account;
import dev.facteur.store.Appended;
import dev.facteur.store.BlobId;
import dev.facteur.store.Flags;
import dev.facteur.store.NewMessage;
import dev.facteur.store.Store;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable message append: a 10 KB blob (fsynced file and directory) and its message row
 * (committed), with 1, 10 and 50 concurrent writers. Each operation is one acknowledged
 * message; the score is messages per second. Every message has distinct bytes (no dedupe).
 *
 * <pre>bench/run-jmh StoreAppendBenchmark -f 1 -wi 1 -i 3   # postgres needs FACTEUR_TEST_PG_URL</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreAppendBenchmark {
    static final int MESSAGE_SIZE = 10 * 1024;

    @Param({"sqlite", "postgres"})
    public String backend;

    private Path dir;
    private Store store;
    private long inboxId;
    private final AtomicLong sequence = new AtomicLong();

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = BenchStores.tempDir();
        store = BenchStores.open(backend, dir);
        Account account = BenchStores.account(store);
        inboxId = store.mailboxes().find(account.id(), "INBOX").orElseThrow().id();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, java.sql.SQLException {
        store.close();
        BenchStores.delete(dir);
        BenchStores.dropDatabases();
    }

    /** A 10 KB message whose first bytes are a unique number. */
    private byte[] nextMessage() {
        byte[] bytes = new byte[MESSAGE_SIZE];
        Arrays.fill(bytes, (byte) 'x');
        ByteBuffer.wrap(bytes).putLong(sequence.incrementAndGet());
        return bytes;
    }

    private Appended appendOne() throws IOException {
        byte[] bytes = nextMessage();
        BlobId blob = store.blobs().put(bytes);
        return store.mailboxes().append(inboxId,
                new NewMessage(blob, bytes.length, Instant.now(), Flags.NONE, new byte[64], ""));
    }

    @Benchmark
    @Threads(1)
    public Appended append1() throws IOException {
        return appendOne();
    }

    @Benchmark
    @Threads(10)
    public Appended append10() throws IOException {
        return appendOne();
    }

    @Benchmark
    @Threads(50)
    public Appended append50() throws IOException {
        return appendOne();
    }
}
