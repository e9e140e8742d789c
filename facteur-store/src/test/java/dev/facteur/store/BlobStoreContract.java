package dev.facteur.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The blob store behind every backend. */
public interface BlobStoreContract extends StoreContract {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    default void aBlobIsAddressedByItsSha256AndReadBack() throws Exception {
        byte[] data = bytes("hello blob");
        BlobId id = store().blobs().put(data);
        assertThat(id.hex()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
        assertThat(store().blobs().read(id)).isEqualTo(data);
        assertThat(store().blobs().exists(id)).isTrue();
        assertThat(store().blobs().size(id)).isEqualTo(data.length);
        try (InputStream in = store().blobs().open(id)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    default void identicalContentIsStoredOnce() throws Exception {
        BlobId a = store().blobs().put(bytes("same"));
        List<BlobId> more = store().blobs().putAll(List.of(bytes("same"), bytes("other"), bytes("same")));
        assertThat(more).containsExactly(a, store().blobs().put(bytes("other")), a);
        // Nothing refers to them: with no grace period left, two files (not four) are collected.
        clock().advance(Duration.ofDays(1));
        assertThat(store().blobs().collectGarbage(Set.of())).isEqualTo(2);
    }

    @Test
    default void aStreamedBlobGetsTheSameIdAsItsBytes() throws Exception {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        BlobId streamed = store().blobs().put(new java.io.ByteArrayInputStream(big));
        assertThat(streamed).isEqualTo(store().blobs().put(big));
        assertThat(store().blobs().put(new java.io.ByteArrayInputStream(big))).isEqualTo(streamed);
        assertThat(store().blobs().read(streamed)).isEqualTo(big);
    }

    @Test
    default void aMissingBlobIsFileNotFound() {
        BlobId missing = new BlobId("0".repeat(64));
        assertThatThrownBy(() -> store().blobs().read(missing)).isInstanceOf(FileNotFoundException.class);
        assertThatThrownBy(() -> store().blobs().open(missing)).isInstanceOf(FileNotFoundException.class);
    }

    @Test
    default void garbageCollectionSparesReferencedAndRecentBlobs() throws Exception {
        Account a = account("alice@a.test");
        Appended kept = append(inbox(a), "kept by a message");
        BlobId orphan = store().blobs().put(bytes("orphan"));
        Store sql = store();
        assertThat(sql.collectGarbage()).isZero(); // the orphan is within the grace period
        clock().advance(Duration.ofHours(2));
        BlobId fresh = store().blobs().put(bytes("just written"));
        assertThat(sql.collectGarbage()).isEqualTo(1);
        assertThat(store().blobs().exists(orphan)).isFalse();
        assertThat(store().blobs().exists(fresh)).isTrue();
        BlobId keptBlob = store().mailboxes().message(kept.mailboxId(), kept.uid()).orElseThrow().blob();
        assertThat(store().blobs().exists(keptBlob)).isTrue();
    }

    @Test
    default void aPutOfExistingContentRestartsItsGracePeriod() throws Exception {
        BlobId id = store().blobs().put(bytes("again"));
        clock().advance(Duration.ofHours(2));
        store().blobs().put(bytes("again"));
        assertThat(store().blobs().collectGarbage(Set.of())).isZero();
        assertThat(store().blobs().exists(id)).isTrue();
    }

    @Test
    default void concurrentPutsAreAllDurableAndReadable() throws Exception {
        List<Future<BlobId>> futures = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                String text = "blob " + (i % 25);
                futures.add(pool.submit(() -> store().blobs().put(bytes(text))));
            }
        }
        for (int i = 0; i < 50; i++) {
            assertThat(store().blobs().read(futures.get(i).get())).isEqualTo(bytes("blob " + (i % 25)));
        }
    }
}
