import dev.facteur.auth.dns.InMemoryDnsResolver;
import dev.facteur.smtp.client.SmtpClientSettings;
import dev.facteur.smtp.outbound.DeliveryService;
import dev.facteur.smtp.outbound.DeliverySettings;
import dev.facteur.store.BlobId;
import dev.facteur.store.OutboundMessage;
import dev.facteur.store.OutboundRecipient;
import dev.facteur.store.Store;
import dev.facteur.store.StoreSettings;
import dev.facteur.store.Stores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLContext;

/**
 * Outbound load: N messages queued in a fresh SQLite store, then timed from queue to an SMTP sink
 * (Postfix's smtp-sink) through MX lookup, the SMTP client and outcome recording, at each concurrency.
 * Usage: java -cp CP OutboundLoad.java SINK_HOST SINK_PORT MESSAGES CONC[,CONC…] WORKDIR
 * Prints one line per concurrency: "facteur concurrency=C messages=N seconds=S rate=R".
 */
public class OutboundLoad {
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        Path work = Path.of(args[4]);
        byte[] body = message();
        for (String c : args[3].split(",")) {
            int concurrency = Integer.parseInt(c);
            Path dir = work.resolve("facteur-c" + concurrency);
            delete(dir);
            try (Store store = Stores.open(StoreSettings.sqlite(dir), InstantSource.system())) {
                BlobId blob = store.blobs().put(body);
                for (int i = 0; i < n; i++) {
                    store.queue().enqueue(new OutboundMessage(Optional.of("load@bench.facteur.test"),
                            List.of(new OutboundRecipient("rcpt" + i + "@sink.test", Optional.empty(), Optional.empty())),
                            blob, body.length, Optional.empty(), Optional.empty(), false, false, false,
                            InstantSource.system().instant()));
                }
                InMemoryDnsResolver dns = new InMemoryDnsResolver().mx("sink.test", 10, "mx.sink.test").a("mx.sink.test", host);
                DeliverySettings settings = new DeliverySettings("bench.facteur.test", port, Duration.ofDays(5),
                        Optional.empty(), Optional.empty(), Map.of(), concurrency, concurrency, Duration.ofMinutes(1),
                        Duration.ofHours(1), Duration.ofSeconds(1), false, false, false,
                        SmtpClientSettings.rfcDefaults(), "bench");
                try (DeliveryService service = new DeliveryService(settings, new DeliveryService.Collaborators(
                        store.queue(), store.blobs(), store.settings(), dns, SSLContext.getDefault(), Optional.empty(),
                        (r, m, u) -> { }, new SimpleMeterRegistry(), InstantSource.system(), RandomGenerator.getDefault()))) {
                    long t0 = System.nanoTime();
                    int attempted = service.deliverDue();
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    long left = store.queue().size();
                    System.out.printf("facteur concurrency=%d messages=%d seconds=%.3f rate=%.1f left=%d attempted=%d%n",
                            concurrency, n, seconds, n / seconds, left, attempted);
                    store.queue().list(3).forEach(q -> System.out.println("  left: " + q.lastError()));
                }
            }
        }
    }

    private static byte[] message() {
        StringBuilder b = new StringBuilder("From: load@bench.facteur.test\r\nTo: rcpt@sink.test\r\n"
                + "Subject: outbound load\r\nMessage-ID: <load@bench.facteur.test>\r\n\r\n");
        while (b.length() < 4096) {
            b.append("The quick brown fox jumps over the lazy dog, again and again and again.\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void delete(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
