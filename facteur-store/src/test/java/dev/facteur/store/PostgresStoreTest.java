package dev.facteur.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facteur.store.sql.SqlStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every store contract against PostgreSQL (a fresh database per test), plus what only a
 * shared database shows: two store instances hear each other's changes (LISTEN/NOTIFY) and
 * never claim the same queued message.
 */
class PostgresStoreTest implements DirectoryContract, MailboxStoreContract, BlobStoreContract, ChangeBusContract,
        OutboundQueueContract, SettingsContract, ReportStoreContract, LeasesContract, DeliveryContract {

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock();
    private StoreSettings settings;
    private SqlStore store;

    @BeforeEach
    void open() {
        settings = TestStores.postgresSettings(dir);
        store = (SqlStore) Stores.open(settings, clock);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (settings != null) {
            TestStores.dropPostgres(settings);
        }
    }

    @Override
    public Store store() {
        return store;
    }

    @Override
    public TestClock clock() {
        return clock;
    }

    @Override
    public SqlStore openAnother() {
        return (SqlStore) Stores.open(settings, clock);
    }

    @Override
    public Store reopenWithInlineLimit(int inlineLimit) {
        store.abandon();
        store = (SqlStore) Stores.open(settings.withInlineBlobLimit(inlineLimit), clock);
        return store;
    }

    @Override
    public Store reopen() {
        store.abandon();
        store = (SqlStore) Stores.open(settings, clock);
        return store;
    }

    @Test
    void twoStoresOnOneDatabaseHearEachOthersChanges() throws Exception {
        Account a = account("alice@a.test");
        Mailbox inbox = inbox(a);
        try (Store other = Stores.open(settings, clock)) {
            BlockingQueue<ChangeEvent> heardByOther = new LinkedBlockingQueue<>();
            BlockingQueue<ChangeEvent> heardHere = new LinkedBlockingQueue<>();
            try (ChangeBus.Subscription s1 = other.changes().subscribe(a.id(), heardByOther::add);
                 ChangeBus.Subscription s2 = store.changes().subscribe(a.id(), heardHere::add)) {
                Appended m = append(inbox, "written by the first node");
                assertThat(ChangeBusContract.nextMessageEvent(heardByOther))
                        .isEqualTo(new ChangeEvent.MessageAdded(a.id(), inbox.id(), m.uid(), m.modSeq()));
                FlagResult f = other.mailboxes().changeFlags(inbox.id(), new FlagChange(List.of(m.uid()),
                        FlagChange.Mode.ADD, Flags.of("\\Seen"), OptionalLong.empty()));
                ChangeEvent e = ChangeBusContract.nextMessageEvent(heardHere);
                while (!(e instanceof ChangeEvent.FlagsChanged)) {
                    e = ChangeBusContract.nextMessageEvent(heardHere); // our own MessageAdded comes first
                }
                assertThat(e).isEqualTo(new ChangeEvent.FlagsChanged(a.id(), inbox.id(), m.uid(),
                        f.changed().getFirst().modSeq()));
            }
        }
    }

    @Test
    void twoStoresNeverClaimTheSameMessage() {
        NewMessage bytes = message("queued", Flags.NONE);
        for (int i = 0; i < 6; i++) {
            store.queue().enqueue(new OutboundMessage(Optional.empty(),
                    List.of(new OutboundRecipient("r" + i + "@far.test", Optional.empty(), Optional.empty())),
                    bytes.blob(), bytes.size(), Optional.empty(), Optional.empty(), false, false, false,
                    clock.instant()));
        }
        try (Store other = Stores.open(settings, clock)) {
            List<Long> mine = store.queue().claim("n1", clock.instant(), 4, 60).stream().map(QueuedMessage::id).toList();
            List<Long> theirs = other.queue().claim("n2", clock.instant(), 4, 60).stream().map(QueuedMessage::id).toList();
            assertThat(mine).hasSize(4).doesNotContainAnyElementsOf(theirs);
            assertThat(theirs).hasSize(2);
        }
    }
}
