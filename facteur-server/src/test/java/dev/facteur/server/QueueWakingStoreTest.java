package dev.facteur.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facteur.store.Delivery;
import dev.facteur.store.Flags;
import dev.facteur.store.NewMessage;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import dev.facteur.store.StagedBlob;
import dev.facteur.store.Store;
import dev.facteur.store.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueWakingStoreTest {
    @TempDir
    Path dir;
    private Store real;
    private final AtomicInteger wakes = new AtomicInteger();
    private Store store;

    @BeforeEach
    void open() {
        real = TestStores.sqlite(dir);
        store = new QueueWakingStore(real, wakes::incrementAndGet);
    }

    @AfterEach
    void close() {
        real.close();
    }

    @Test
    void aDeliveryThatQueuesMailIsCommittedByTheRealStoreAndWakesDelivery() throws Exception {
        StagedBlob blob = StagedBlob.of("Subject: out\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
        OutboundMessage queued = new OutboundMessage(Optional.of("a@a.test"),
                List.of(new OutboundRecipient("far@far.test", Optional.empty(), Optional.empty())), blob.id(),
                blob.size(), Optional.empty(), Optional.empty(), false, false, false, Instant.now());

        Delivery.Delivered done = store.deliver(Delivery.toQueue(blob, queued));

        assertThat(done.queuedIds()).hasSize(1);
        assertThat(real.queue().find(done.queuedIds().getFirst())).isPresent();
        assertThat(real.blobs().read(blob.id())).isEqualTo(blob.bytes());
        assertThat(wakes).hasValue(1);
    }

    @Test
    void aFailedDeliveryLeavesNothingBehindAsInTheRealStoresOneCommit() throws Exception {
        StagedBlob blob = StagedBlob.of("Subject: lost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        NewMessage copy = new NewMessage(blob.id(), blob.size(), Instant.now(), Flags.NONE, new byte[0], "");

        assertThatThrownBy(() -> store.deliver(new Delivery(List.of(blob),
                List.of(Map.entry(999_999L, copy)), List.of()))).isNotNull();

        // Step by step (the interface's default) would have committed the blob before failing.
        assertThat(real.blobs().exists(blob.id())).isFalse();
        assertThat(wakes).hasValue(0);
    }

    @Test
    void aDeliveryWithNothingQueuedDoesNotWakeDelivery() throws Exception {
        StagedBlob blob = StagedBlob.of("Subject: nothing\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        store.deliver(new Delivery(List.of(blob), List.of(), List.of()));

        assertThat(real.blobs().exists(blob.id())).isTrue();
        assertThat(wakes).hasValue(0);
    }
}
