package dev.facteur.store;

import dev.facteur.store.sql.SqlStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Every store contract against the embedded SQLite backend. */
class SqliteStoreTest implements DirectoryContract, MailboxStoreContract, BlobStoreContract, ChangeBusContract,
        OutboundQueueContract, SettingsContract, ReportStoreContract, LeasesContract, DeliveryContract {

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock();
    private SqlStore store;

    @BeforeEach
    void open() {
        store = TestStores.sqlite(dir, clock);
    }

    @AfterEach
    void close() {
        store.close();
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
        return TestStores.sqlite(dir, clock);
    }

    @Override
    public Store reopenWithInlineLimit(int inlineLimit) {
        store.abandon();
        store = (SqlStore) Stores.open(StoreSettings.sqlite(dir).withInlineBlobLimit(inlineLimit), clock);
        return store;
    }

    @Override
    public Store reopen() {
        store.abandon();
        store = TestStores.sqlite(dir, clock);
        return store;
    }
}
