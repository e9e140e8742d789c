package dev.facteur.store;

import dev.facteur.core.mail.Domain;
import dev.facteur.core.mail.EmailAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What every store contract needs from a backend's test class, and helpers they share.
 * A backend test class gives a fresh, empty store per test.
 */
public interface StoreContract {

    Store store();

    TestClock clock();

    /** Drops the store as a crash would (no clean shutdown) and opens it again on the same data. */
    Store reopen();

    default Account account(String address) {
        EmailAddress a = EmailAddress.parse(address);
        Directory d = store().directory();
        if (d.findDomain(a.domain()).isEmpty()) {
            d.addDomain(a.domain());
        }
        return d.addAccount(a, "$argon2id$test");
    }

    default Domain domain(String name) {
        return store().directory().addDomain(Domain.of(name)).domain();
    }

    default Mailbox inbox(Account a) {
        return store().mailboxes().find(a.id(), "INBOX").orElseThrow();
    }

    default NewMessage message(String text, Flags flags) {
        return message(text, flags, "");
    }

    default NewMessage message(String text, Flags flags, String threadKey) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            BlobId id = store().blobs().put(bytes);
            return new NewMessage(id, bytes.length, Instant.parse("2026-01-02T03:04:05Z"), flags,
                    ("summary of " + text).getBytes(StandardCharsets.UTF_8), threadKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    default Appended append(Mailbox mailbox, String text) {
        return store().mailboxes().append(mailbox.id(), message(text, Flags.NONE));
    }
}
