package dev.facteur.bench.store;

import dev.facteur.store.Account;
import dev.facteur.store.BlobId;
import dev.facteur.store.FlagChange;
import dev.facteur.store.FlagResult;
import dev.facteur.store.Flags;
import dev.facteur.store.NewMessage;
import dev.facteur.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * Durable flag updates (IMAP STORE of one message): replaces the flags of a random message of a
 * 1,000-message mailbox, committed before the call returns; 1 and 10 concurrent sessions,
 * each in its own mailbox (as IMAP sessions of different users would be).
 *
 * <pre>bench/run-jmh StoreFlagsBenchmark -f 1 -wi 1 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreFlagsBenchmark {
    private static final int MESSAGES = 1000;
    private static final int MAILBOXES = 10;

    @Param({"sqlite", "postgres"})
    public String backend;

    private Path dir;
    private Store store;
    private long[] mailboxIds;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = BenchStores.tempDir();
        store = BenchStores.open(backend, dir);
        Account account = BenchStores.account(store);
        BlobId blob = store.blobs().put(new byte[1024]);
        NewMessage m = new NewMessage(blob, 1024, Instant.now(), Flags.NONE, new byte[64], "");
        mailboxIds = new long[MAILBOXES];
        for (int b = 0; b < MAILBOXES; b++) {
            long id = store.mailboxes().create(account.id(), "Box" + b, java.util.Optional.empty()).id();
            mailboxIds[b] = id;
            store.mailboxes().appendAll(java.util.Collections.nCopies(MESSAGES, java.util.Map.entry(id, m)));
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, java.sql.SQLException {
        store.close();
        BenchStores.delete(dir);
        BenchStores.dropDatabases();
    }

    /** Each benchmark thread works in its own mailbox. */
    @State(Scope.Thread)
    public static class Session {
        int mailbox;
        long counter;

        @Setup(Level.Trial)
        public void pick(org.openjdk.jmh.infra.ThreadParams params) {
            mailbox = params.getThreadIndex() % MAILBOXES;
        }
    }

    /** Replaces a random message's flags with a keyword never used before, so every call changes a row. */
    private FlagResult toggle(Session s) {
        long uid = 1 + ThreadLocalRandom.current().nextInt(MESSAGES);
        Flags next = Flags.of(Flags.SEEN, "$k" + (++s.counter));
        return store.mailboxes().changeFlags(mailboxIds[s.mailbox],
                new FlagChange(List.of(uid), FlagChange.Mode.REPLACE, next, OptionalLong.empty()));
    }

    @Benchmark
    @Threads(1)
    public FlagResult flags1(Session s) {
        return toggle(s);
    }

    @Benchmark
    @Threads(10)
    public FlagResult flags10(Session s) {
        return toggle(s);
    }
}
