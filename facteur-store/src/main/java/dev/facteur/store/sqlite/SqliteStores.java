package dev.facteur.store.sqlite;

import dev.facteur.store.StoreException;
import dev.facteur.store.StoreSettings;
import dev.facteur.store.blob.FileBlobStore;
import dev.facteur.store.sql.InProcessChangeBus;
import dev.facteur.store.sql.SqlStore;
import java.io.IOException;
import java.nio.file.Files;
import java.time.InstantSource;

/** Opens the embedded store: SQLite metadata, file blobs, in-process change events. */
public final class SqliteStores {
    private SqliteStores() {}

    public static SqlStore open(StoreSettings settings, StoreSettings.Sqlite sqlite, InstantSource clock) {
        try {
            Files.createDirectories(settings.dataDirectory());
            if (sqlite.file().toAbsolutePath().getParent() != null) {
                Files.createDirectories(sqlite.file().toAbsolutePath().getParent());
            }
            FileBlobStore blobs = new FileBlobStore(settings.dataDirectory().resolve("blobs"), clock,
                    settings.blobGracePeriod());
            InProcessChangeBus bus = new InProcessChangeBus();
            SqliteDatabase db = new SqliteDatabase(sqlite.file(), settings.readers(), bus);
            try {
                return new SqlStore(db, new SqlStore.BlobTiers(blobs, settings.inlineBlobLimit(),
                        settings.blobGracePeriod()), bus, bus, clock);
            } catch (RuntimeException e) {
                db.close();
                bus.close();
                throw e;
            }
        } catch (IOException e) {
            throw new StoreException("cannot open the data directory " + settings.dataDirectory(), e);
        }
    }
}
