package dev.facteur.store.postgres;

import dev.facteur.store.StoreException;
import dev.facteur.store.StoreSettings;
import dev.facteur.store.blob.FileBlobStore;
import dev.facteur.store.sql.SqlStore;
import java.io.IOException;
import java.nio.file.Files;
import java.time.InstantSource;

/**
 * Opens a store on PostgreSQL: metadata and small blobs in the database, larger blobs under the
 * data directory (a cluster needs that directory shared, or an inline limit that covers its mail).
 */
public final class PostgresStores {
    private PostgresStores() {}

    public static SqlStore open(StoreSettings settings, StoreSettings.Postgres pg, InstantSource clock) {
        try {
            Files.createDirectories(settings.dataDirectory());
            FileBlobStore blobs = new FileBlobStore(settings.dataDirectory().resolve("blobs"), clock,
                    settings.blobGracePeriod());
            PostgresChangeBus bus = new PostgresChangeBus(pg);
            PostgresDatabase db;
            try {
                db = new PostgresDatabase(pg, settings.poolSize(), bus);
            } catch (RuntimeException e) {
                bus.close();
                throw e;
            }
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
