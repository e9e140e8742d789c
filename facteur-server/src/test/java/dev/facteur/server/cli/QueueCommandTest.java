package dev.facteur.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.core.config.ConfigLoader;
import dev.facteur.server.StoreAccess;
import dev.facteur.store.BlobId;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import dev.facteur.store.QueuedMessage;
import dev.facteur.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueCommandTest {
    @TempDir
    Path dir;

    private Path config;
    private long id;

    @BeforeEach
    void queueOneMessage() throws Exception {
        config = Files.writeString(dir.resolve("facteur.toml"), "data_dir = \"data\"\n");
        try (Store store = StoreAccess.open(ConfigLoader.load(config))) {
            byte[] msg = "Subject: queued\r\nFrom: a@example.com\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
            BlobId blob = store.blobs().put(msg);
            QueuedMessage q = store.queue().enqueue(new OutboundMessage(Optional.of("a@example.com"),
                    List.of(new OutboundRecipient("b@remote.example", Optional.empty(), Optional.empty())), blob,
                    msg.length, Optional.empty(), Optional.empty(), false, false, false, Instant.now()));
            id = q.id();
        }
    }

    private CliTest.Result queue(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "queue";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--config";
        full[args.length + 2] = config.toString();
        return CliTest.run(full);
    }

    @Test
    void listShowHoldReleaseRetryDelete() {
        assertThat(queue("list").out()).contains("a@example.com").contains("1/1").contains("queued");
        assertThat(queue("list", "--json").out()).contains("\"id\":" + id);
        assertThat(queue("show", String.valueOf(id)).out()).contains("b@remote.example  pending")
                .contains("Subject: queued");
        assertThat(queue("hold", String.valueOf(id)).status()).isZero();
        assertThat(queue("list").out()).contains("held");
        assertThat(queue("release", String.valueOf(id)).status()).isZero();
        assertThat(queue("retry", String.valueOf(id)).out()).contains("will be retried now");
        assertThat(queue("delete", String.valueOf(id)).status()).isZero();
        assertThat(queue("list").out()).contains("the queue is empty");
    }

    @Test
    void unknownIdIsOneLineAndNonZero() {
        CliTest.Result r = queue("show", "999999");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("facteur: no queued message 999999" + System.lineSeparator());
        assertThat(queue("retry", "x").status()).isEqualTo(2);
    }
}
