package dev.facteur.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facteur.store.sql.SqlStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link Store#deliver}: a message's bytes and every row that points at them in one commit, with
 * small blobs in the database and large ones in files, read back through {@link BlobStore}
 * whichever tier holds them.
 */
public interface DeliveryContract extends StoreContract {

    /** Drops the store as a crash would and opens it again on the same data with another inline limit. */
    Store reopenWithInlineLimit(int inlineLimit);

    private SqlStore sql() {
        return (SqlStore) store();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Distinct content of {@code size} bytes. */
    private static byte[] sized(int size, char fill, String tag) {
        byte[] out = new byte[size];
        Arrays.fill(out, (byte) fill);
        byte[] head = bytes(tag);
        System.arraycopy(head, 0, out, 0, Math.min(head.length, size));
        return out;
    }

    private static NewMessage record(StagedBlob blob) {
        return new NewMessage(blob.id(), blob.size(), Instant.parse("2026-01-02T03:04:05Z"), Flags.NONE,
                bytes("summary"), "");
    }

    private OutboundMessage queued(StagedBlob blob, String rcpt) {
        return new OutboundMessage(Optional.of("a@a.test"),
                List.of(new OutboundRecipient(rcpt, Optional.empty(), Optional.empty())), blob.id(), blob.size(),
                Optional.empty(), Optional.empty(), false, false, false, clock().instant());
    }

    @Test
    default void aDeliveryCommitsItsBlobsAppendsAndQueueEntriesTogether() throws Exception {
        Mailbox a = inbox(account("alice@a.test"));
        Mailbox b = inbox(account("bob@a.test"));
        StagedBlob local = StagedBlob.of(bytes("Return-Path: <a@a.test>\r\n\r\nhello"));
        StagedBlob out = StagedBlob.of(bytes("\r\nhello, signed"));
        Delivery.Delivered done = store().deliver(new Delivery(List.of(local, out),
                List.of(Map.entry(a.id(), record(local)), Map.entry(b.id(), record(local))),
                List.of(queued(out, "far@far.test"))));

        assertThat(done.appended()).extracting(Appended::mailboxId).containsExactly(a.id(), b.id());
        assertThat(store().mailboxes().message(a.id(), done.appended().getFirst().uid()).orElseThrow().blob())
                .isEqualTo(local.id());
        QueuedMessage q = store().queue().find(done.queuedIds().getFirst()).orElseThrow();
        assertThat(q.message().blob()).isEqualTo(out.id());
        assertThat(store().blobs().read(local.id())).isEqualTo(local.bytes());
        assertThat(store().blobs().read(out.id())).isEqualTo(out.bytes());
        assertThat(sql().blobs().inDatabase(local.id())).isTrue();
    }

    @Test
    default void severalBlobsAreReadTogetherFromBothTiersAndAnAbsentOneIsLeftOut() throws Exception {
        Mailbox inbox = inbox(account("alice@a.test"));
        int limit = sql().blobs().inlineLimit();
        StagedBlob small = StagedBlob.of(sized(100, 's', "small together"));
        StagedBlob large = StagedBlob.of(sized(limit + 1, 'l', "large together"));
        store().deliver(new Delivery(List.of(small, large),
                List.of(Map.entry(inbox.id(), record(small)), Map.entry(inbox.id(), record(large))), List.of()));
        BlobId absent = StagedBlob.of(bytes("never stored")).id();

        Map<BlobId, byte[]> read = store().blobs().readAll(List.of(small.id(), absent, large.id(), small.id()));

        assertThat(read).containsOnlyKeys(small.id(), large.id());
        assertThat(read.get(small.id())).isEqualTo(small.bytes());
        assertThat(read.get(large.id())).isEqualTo(large.bytes());
    }

    @Test
    default void aSmallBlobIsARowAndALargeOneAFileAndBothReadTheSame() throws Exception {
        Mailbox inbox = inbox(account("alice@a.test"));
        int limit = sql().blobs().inlineLimit();
        StagedBlob small = StagedBlob.of(sized(limit, 's', "small"));
        StagedBlob large = StagedBlob.of(sized(limit + 1, 'l', "large"));
        store().deliver(new Delivery(List.of(small, large),
                List.of(Map.entry(inbox.id(), record(small)), Map.entry(inbox.id(), record(large))), List.of()));

        assertThat(sql().blobs().inDatabase(small.id())).isTrue();
        assertThat(sql().blobs().inDatabase(large.id())).isFalse();
        for (StagedBlob b : List.of(small, large)) {
            assertThat(store().blobs().exists(b.id())).isTrue();
            assertThat(store().blobs().size(b.id())).isEqualTo(b.size());
            assertThat(store().blobs().read(b.id())).isEqualTo(b.bytes());
            try (InputStream in = store().blobs().open(b.id())) {
                assertThat(in.readAllBytes()).isEqualTo(b.bytes());
            }
        }
    }

    @Test
    default void aDeliveryThatFailsLeavesNeitherRowsNorBlob() throws Exception {
        Account alice = account("alice@a.test");
        StagedBlob blob = StagedBlob.of(bytes("never stored"));
        assertThatThrownBy(() -> store().deliver(new Delivery(List.of(blob),
                List.of(Map.entry(inbox(alice).id(), record(blob)), Map.entry(-5L, record(blob))),
                List.of(queued(blob, "far@far.test")))))
                .isInstanceOf(ConflictException.class);
        assertThat(store().blobs().exists(blob.id())).isFalse();
        assertThat(store().mailboxes().messages(inbox(alice).id())).isEmpty();
        assertThat(store().queue().size()).isZero();

        store().directory().setQuota(alice.address(), 5);
        assertThatThrownBy(() -> store().deliver(Delivery.toMailboxes(blob, List.of(Map.entry(inbox(alice).id(),
                record(blob)))))).isInstanceOf(QuotaExceededException.class);
        assertThat(store().blobs().exists(blob.id())).isFalse();
    }

    @Test
    default void aFailingDeliveryInABatchFailsAloneAndLeavesNoBlob() throws Exception {
        Mailbox inbox = inbox(account("alice@a.test"));
        List<Future<Delivery.Delivered>> results = new ArrayList<>();
        List<StagedBlob> blobs = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                StagedBlob blob = StagedBlob.of(bytes("message " + i));
                blobs.add(blob);
                long target = i % 10 == 7 ? -1 : inbox.id(); // every tenth goes nowhere
                results.add(pool.submit(() -> store().deliver(
                        Delivery.toMailboxes(blob, List.of(Map.entry(target, record(blob)))))));
            }
        }
        for (int i = 0; i < 40; i++) {
            if (i % 10 == 7) {
                int failed = i;
                assertThatThrownBy(() -> results.get(failed).get()).hasCauseInstanceOf(ConflictException.class);
                assertThat(store().blobs().exists(blobs.get(i).id())).isFalse();
            } else {
                Appended a = results.get(i).get().appended().getFirst();
                BlobId id = store().mailboxes().message(inbox.id(), a.uid()).orElseThrow().blob();
                assertThat(store().blobs().read(id)).isEqualTo(blobs.get(i).bytes());
            }
        }
        assertThat(store().mailboxes().messages(inbox.id())).hasSize(36);
    }

    @Test
    default void whatADeliveryReturnedSurvivesACrash() throws Exception {
        Mailbox inbox = inbox(account("alice@a.test"));
        StagedBlob small = StagedBlob.of(bytes("durable"));
        StagedBlob large = StagedBlob.of(sized(sql().blobs().inlineLimit() + 10, 'x', "large durable"));
        Delivery.Delivered done = store().deliver(new Delivery(List.of(small, large),
                List.of(Map.entry(inbox.id(), record(small))), List.of(queued(large, "far@far.test"))));
        Store after = reopen();
        MessageRecord m = after.mailboxes().message(inbox.id(), done.appended().getFirst().uid()).orElseThrow();
        assertThat(after.blobs().read(m.blob())).isEqualTo(small.bytes());
        QueuedMessage q = after.queue().find(done.queuedIds().getFirst()).orElseThrow();
        assertThat(after.blobs().read(q.message().blob())).isEqualTo(large.bytes());
    }

    @Test
    default void contentAlreadyInOneTierIsNotStoredAgainInTheOther() throws Exception {
        Mailbox inbox = inbox(account("alice@a.test"));
        // Stored as a file while the limit kept every blob in files (as before this tier existed).
        Store filesOnly = reopenWithInlineLimit(0);
        BlobId asFile = filesOnly.blobs().put(bytes("written as a file"));
        SqlStore tiered = (SqlStore) reopenWithInlineLimit(64 * 1024);
        StagedBlob again = StagedBlob.of(bytes("written as a file"));
        assertThat(again.id()).isEqualTo(asFile);
        tiered.deliver(Delivery.toMailboxes(again, List.of(Map.entry(inbox.id(), record(again)))));
        assertThat(tiered.blobs().inDatabase(asFile)).isFalse();
        assertThat(tiered.blobs().read(asFile)).isEqualTo(again.bytes());

        // Stored inline under a large limit, then delivered again under a small one: the row is kept.
        StagedBlob big = StagedBlob.of(sized(2000, 'b', "inline first"));
        tiered.deliver(Delivery.toMailboxes(big, List.of(Map.entry(inbox.id(), record(big)))));
        SqlStore smaller = (SqlStore) reopenWithInlineLimit(1000);
        smaller.deliver(Delivery.toMailboxes(big, List.of(Map.entry(inbox.id(), record(big)))));
        assertThat(smaller.blobs().inDatabase(big.id())).isTrue();
        clock().advance(Duration.ofDays(1));
        assertThat(smaller.collectGarbage()).isZero(); // both copies are referenced by messages
        assertThat(smaller.blobs().read(big.id())).isEqualTo(big.bytes());
    }

    @Test
    default void garbageCollectionCoversBothTiersWithTheGracePeriod() throws Exception {
        Mailbox inbox = inbox(account("alice@a.test"));
        int limit = sql().blobs().inlineLimit();
        BlobId smallOrphan = store().blobs().put(bytes("small orphan"));
        BlobId largeOrphan = store().blobs().put(sized(limit + 1, 'o', "large orphan"));
        StagedBlob kept = StagedBlob.of(bytes("kept"));
        Delivery.Delivered done = store().deliver(
                Delivery.toMailboxes(kept, List.of(Map.entry(inbox.id(), record(kept)))));
        assertThat(store().collectGarbage()).isZero(); // within the grace period
        clock().advance(Duration.ofHours(2));
        BlobId fresh = store().blobs().put(bytes("just written"));
        assertThat(store().collectGarbage()).isEqualTo(2);
        assertThat(store().blobs().exists(smallOrphan)).isFalse();
        assertThat(store().blobs().exists(largeOrphan)).isFalse();
        assertThat(store().blobs().exists(fresh)).isTrue();
        assertThat(store().blobs().exists(kept.id())).isTrue();

        // Once its message is expunged, the inline blob goes after the grace period too.
        store().mailboxes().expunge(inbox.id(), List.of(done.appended().getFirst().uid()));
        assertThat(store().blobs().collectGarbage(Set.of(kept.id()))).isZero(); // still named as referenced
        clock().advance(Duration.ofHours(2));
        assertThat(store().collectGarbage()).isEqualTo(2); // kept and fresh
        assertThat(store().blobs().exists(kept.id())).isFalse();
    }

    @Test
    default void aDeliveryOfExistingContentRestartsItsGracePeriod() throws Exception {
        Mailbox inbox = inbox(account("alice@a.test"));
        BlobId id = store().blobs().put(bytes("seen before"));
        clock().advance(Duration.ofHours(2));
        StagedBlob again = StagedBlob.of(bytes("seen before"));
        Delivery.Delivered done = store().deliver(
                Delivery.toMailboxes(again, List.of(Map.entry(inbox.id(), record(again)))));
        store().mailboxes().expunge(inbox.id(), List.of(done.appended().getFirst().uid()));
        assertThat(store().collectGarbage()).isZero(); // touched by the delivery an instant ago
        assertThat(store().blobs().exists(id)).isTrue();
    }

    @Test
    default void aDeliveryMustCarryTheBlobsItsRowsPointAt() {
        StagedBlob carried = StagedBlob.of(bytes("carried"));
        StagedBlob other = StagedBlob.of(bytes("other"));
        assertThatThrownBy(() -> new Delivery(List.of(carried), List.of(Map.entry(1L, record(other))), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(other.id().hex());
    }

    @Test
    default void concurrentDeliveriesAreAllDurableAndReadable() throws Exception {
        Mailbox inbox = inbox(account("alice@a.test"));
        List<Future<Delivery.Delivered>> futures = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                StagedBlob blob = StagedBlob.of(bytes("concurrent " + (i % 25))); // half are duplicates
                futures.add(pool.submit(() -> store().deliver(
                        Delivery.toMailboxes(blob, List.of(Map.entry(inbox.id(), record(blob)))))));
            }
        }
        for (Future<Delivery.Delivered> f : futures) {
            Appended a = f.get().appended().getFirst();
            BlobId id = store().mailboxes().message(inbox.id(), a.uid()).orElseThrow().blob();
            assertThat(new String(store().blobs().read(id), StandardCharsets.UTF_8)).startsWith("concurrent ");
        }
        assertThat(store().mailboxes().messages(inbox.id())).hasSize(50);
    }
}
