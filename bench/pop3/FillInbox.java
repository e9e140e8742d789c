import dev.facteur.core.mail.EmailAddress;
import dev.facteur.store.Account;
import dev.facteur.store.BlobId;
import dev.facteur.store.Flags;
import dev.facteur.store.Mailbox;
import dev.facteur.store.NewMessage;
import dev.facteur.store.Store;
import dev.facteur.store.StoreSettings;
import dev.facteur.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Appends every OUT/*.eml file to an account's INBOX through the store API (the server must
 * be stopped: SQLite has one writer). Run with the facteur classpath:
 * {@code java -cp "$cp" FillInbox.java DATA_DIR ADDRESS EML_DIR}.
 */
public class FillInbox {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        List<Path> files;
        try (var s = Files.list(Path.of(args[2]))) {
            files = s.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        try (Store store = Stores.open(StoreSettings.sqlite(data))) {
            Account account = store.directory().findAccount(EmailAddress.parse(args[1])).orElseThrow();
            Mailbox inbox = store.mailboxes().find(account.id(), Mailbox.INBOX).orElseThrow();
            for (int from = 0; from < files.size(); from += 250) {
                List<byte[]> batch = new ArrayList<>();
                for (Path p : files.subList(from, Math.min(files.size(), from + 250))) {
                    batch.add(Files.readAllBytes(p));
                }
                List<BlobId> ids = store.blobs().putAll(batch);
                List<Map.Entry<Long, NewMessage>> deliveries = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    deliveries.add(Map.entry(inbox.id(), new NewMessage(ids.get(i), batch.get(i).length,
                            Instant.now(), Flags.NONE, new byte[0], "")));
                }
                store.mailboxes().appendAll(deliveries);
            }
            System.out.println("filled " + args[1] + " INBOX with " + files.size() + " messages");
        }
    }
}
