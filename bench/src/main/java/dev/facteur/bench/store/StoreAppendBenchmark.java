package dev.facteur.bench.store;

import dev.facteur.store.Account;
import dev.facteur.store.Appended;
import dev.facteur.store.BlobId;
import dev.facteur.store.Delivery;
import dev.facteur.store.Flags;
import dev.facteur.store.NewMessage;
import dev.facteur.store.StagedBlob;
import dev.facteur.store.Store;
import dev.facteur.store.StoreSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * Durable message append: a blob and its message row, with 1, 10 and 50 concurrent writers. Each
 * operation is one acknowledged message; the score is messages per second. Every message has
 * distinct bytes (no dedupe).
 *
 * <ul>
 *   <li>{@code path=deliver}: {@link Store#deliver}, blob and row in one commit (a blob of at most
 *       the inline limit is a row in the same transaction; a larger one is fsynced to a file first).
 *   <li>{@code path=putThenAppend}: {@code blobs().put} then {@code mailboxes().append}, two steps
 *       (what every writer did before Store.deliver; IMAP APPEND still does).
 *   <li>{@code tier=files}: inline limit 0, every blob a file (file fsync, rename, directory fsync);
 *       {@code tier=inline}: the limit at its maximum, every blob a database row; {@code tier=default}:
 *       the default limit.
 * </ul>
 * Before/after in one run: {@code -p path=putThenAppend -p tier=files} is the store as it was;
 * {@code -p path=deliver -p tier=default} is the store as it is.
 *
 * <pre>bench/run-jmh StoreAppendBenchmark -f 1 -wi 1 -i 3 -p backend=sqlite   # postgres needs FACTEUR_TEST_PG_URL</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreAppendBenchmark {
    @Param({"sqlite", "postgres"})
    public String backend;

    @Param({"deliver", "putThenAppend"})
    public String path;

    @Param({"default", "files", "inline"})
    public String tier;

    @Param({"10240"})
    public int size;

    private Path dir;
    private Store store;
    private long inboxId;
    private final AtomicLong sequence = new AtomicLong();

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = BenchStores.tempDir();
        int limit = switch (tier) {
            case "default" -> StoreSettings.DEFAULT_INLINE_BLOB_LIMIT;
            case "files" -> 0;
            case "inline" -> StoreSettings.MAX_INLINE_BLOB_LIMIT;
            default -> throw new IllegalArgumentException("tier is default, files or inline, not " + tier);
        };
        store = BenchStores.open(backend, dir, limit);
        Account account = BenchStores.account(store);
        inboxId = store.mailboxes().find(account.id(), "INBOX").orElseThrow().id();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, java.sql.SQLException {
        store.close();
        BenchStores.delete(dir);
        BenchStores.dropDatabases();
    }

    /** A message of {@code size} bytes whose first bytes are a unique number. */
    private byte[] nextMessage() {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        ByteBuffer.wrap(bytes).putLong(sequence.incrementAndGet());
        return bytes;
    }

    private Appended appendOne() throws IOException {
        byte[] bytes = nextMessage();
        if (path.equals("putThenAppend")) {
            BlobId blob = store.blobs().put(bytes);
            return store.mailboxes().append(inboxId,
                    new NewMessage(blob, bytes.length, Instant.now(), Flags.NONE, new byte[64], ""));
        }
        StagedBlob blob = StagedBlob.of(bytes);
        NewMessage m = new NewMessage(blob.id(), bytes.length, Instant.now(), Flags.NONE, new byte[64], "");
        return store.deliver(Delivery.toMailboxes(blob, List.of(Map.entry(inboxId, m)))).appended().getFirst();
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
